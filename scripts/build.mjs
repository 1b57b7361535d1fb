// Builds dist/cjs (CommonJS, with the command-line tool), dist/esm (ES modules) and dist/types (.d.ts)
// from src/ with tsc, in two compilations that run in parallel.
//
// The library itself is compiled without Node's types (scripts/tsconfig.lib.json), so a stray use of
// a Node global in src/ fails the ESM and types builds; only the CommonJS build, which also carries
// src/cli, sees them (scripts/tsconfig.cli.json). src/node (the `rxjs-event-time/node` entry) needs
// them too: its ES modules and declarations come from a third program (scripts/tsconfig.node.json),
// of whose output only node/ is kept, since the rest is the library's own, emitted by the second.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');

const compile = (name, project, ...args) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '-p', project, ...args], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build: the ${name} compilation failed (tsc exit code ${code})`))));
  });

rmSync('dist', { recursive: true, force: true });
try {
  await Promise.all([
    compile('CommonJS', 'scripts/tsconfig.cli.json', '--module', 'commonjs', '--moduleResolution', 'node10', '--outDir', 'dist/cjs', '--declaration', 'false'),
    // One program emits both the ES modules and the declarations.
    compile('ES module', 'scripts/tsconfig.lib.json', '--module', 'es2022', '--moduleResolution', 'bundler', '--outDir', 'dist/esm', '--declaration', '--declarationDir', 'dist/types'),
    compile('Node entry', 'scripts/tsconfig.node.json', '--module', 'es2022', '--moduleResolution', 'bundler', '--outDir', 'dist/node-build/esm', '--declaration', '--declarationDir', 'dist/node-build/types'),
  ]);
  cpSync('dist/node-build/esm/node', 'dist/esm/node', { recursive: true });
  cpSync('dist/node-build/types/node', 'dist/types/node', { recursive: true });
  rmSync('dist/node-build', { recursive: true, force: true });
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
// Bundlers read the package.json nearest to a module, so these two files, not the root one, must say
// that the modules have no side effects at load; otherwise nothing of the package is tree-shaken.
mkdirSync('dist/esm', { recursive: true });
writeFileSync('dist/esm/package.json', JSON.stringify({ type: 'module', sideEffects: false }) + '\n');
writeFileSync('dist/cjs/package.json', JSON.stringify({ type: 'commonjs', sideEffects: false }) + '\n');
console.log('built dist/cjs, dist/esm, dist/types');
