import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** Repository root, found from this compiled file (packages/cli/dist/test/...). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const MARGIN_BIN = join(REPO_ROOT, 'packages', 'cli', 'bin', 'margin.js');
