// Builds dist/cjs (CommonJS), dist/esm (ES modules) and dist/types (.d.ts) from src/ with tsc.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const run = (...args) => execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', ...args], { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
run('--module', 'commonjs', '--moduleResolution', 'node10', '--outDir', 'dist/cjs', '--declaration', 'false');
run('--module', 'es2022', '--moduleResolution', 'bundler', '--outDir', 'dist/esm', '--declaration', 'false');
run('--emitDeclarationOnly', '--declaration', '--outDir', 'dist/types');
mkdirSync('dist/esm', { recursive: true });
writeFileSync('dist/esm/package.json', JSON.stringify({ type: 'module' }) + '\n');
writeFileSync('dist/cjs/package.json', JSON.stringify({ type: 'commonjs' }) + '\n');
console.log('built dist/cjs, dist/esm, dist/types');
