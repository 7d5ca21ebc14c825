// Builds the web consoles (web/ → dist/web) with Vite, unless nothing they
// are made of changed since the last build: `npm start` runs this every
// time, and an unchanged checkout must start at once.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = path.join(root, 'dist/web/.build-stamp');
const inputs = ['web', 'src/contract', 'package-lock.json'];

function* files(entry) {
  const full = path.join(root, entry);
  const stat = statSync(full);
  if (stat.isFile()) {
    yield [entry, stat];
    return;
  }
  for (const name of readdirSync(full).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    yield* files(path.join(entry, name));
  }
}

// The production build of React whatever NODE_ENV the caller runs under
// (vitest sets 'test', which would bundle React's development build).
process.env.NODE_ENV = 'production';
const hash = createHash('sha256');
hash.update('production\n');
for (const input of inputs)
  for (const [file, stat] of files(input)) hash.update(`${file}\0${stat.size}\0${stat.mtimeMs}\n`);
const stamp = hash.digest('hex');

let previous = '';
try {
  previous = readFileSync(stampFile, 'utf8');
} catch {}
if (previous === stamp) {
  console.log('[build-web] web consoles up to date');
} else {
  const { build } = await import('vite');
  await build({
    configFile: path.join(root, 'web/vite.config.ts'),
    mode: 'production',
    logLevel: 'warn',
  });
  writeFileSync(stampFile, stamp);
  console.log('[build-web] web consoles built into dist/web');
}
