import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let root: string | undefined;

/** The folder with package.json: templates/ sits beside it whether we run from src/ or dist/src/. */
export function projectRoot(): string {
  if (root) return root;
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'templates'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('project root (package.json + templates/) not found');
    dir = parent;
  }
  root = dir;
  return dir;
}
