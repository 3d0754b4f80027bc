// Import cycles inside each package and relative paths between packages
// (docs/adr/0009-dependency-rules.md), checked by dependency-cruiser in `npm run lint`. The package
// graph itself (which @margin package may import which) is in eslint.config.js.
//
// - no-reach-into-package: a relative path never leaves its package ('../../engine/src/x.js'):
//   another package is imported by its name, through its public index.
// - no-cycle: no two modules import each other at run time, directly or through others.
//   Type-only cycles between files of one folder (mutually recursive types) load nothing and
//   are allowed here; between folders they are not (next rule).
// - no-folder-cycle: the folders of a package form layers: if folder A imports from folder B,
//   type imports included, nothing in B imports from A. (A folder includes its subfolders.)
//
// Test files are leaves that may look anywhere in their package, so they are not cruised.
const config = {
  forbidden: [
    {
      name: 'no-reach-into-package',
      comment: "import another package by its name (@margin/x), not by a relative path into its files",
      severity: 'error',
      from: { path: '^packages/([^/]+)/' },
      to: { path: '^packages/', pathNot: '^packages/$1/', dependencyTypes: ['local'] },
    },
    {
      name: 'no-cycle',
      comment: 'a module imports itself through others: move the shared part to the lower module',
      severity: 'error',
      from: { path: '^packages/[^/]+/src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-folder-cycle',
      comment: 'two folders of a package import each other: move the shared part to the lower folder',
      severity: 'error',
      scope: 'folder',
      from: { path: '^packages/[^/]+/src/' },
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    exclude: { path: ['(^|/)node_modules/', '(^|/)dist/', '\\.test\\.ts$', '^packages/web/build/'] },
    doNotFollow: { path: ['(^|/)node_modules/', '(^|/)dist/'] },
  },
};
export default config;
