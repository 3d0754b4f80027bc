import { defineConfig } from 'vite';

// The dashboard is served by `margin serve` from packages/web/build (same origin as the API).
export default defineConfig({
  root: '.',
  base: '/',
  build: { outDir: 'build', emptyOutDir: true, chunkSizeWarningLimit: 600, reportCompressedSize: false },
  server: { proxy: { '/v1': { target: 'http://127.0.0.1:8080', ws: true } } },
});
