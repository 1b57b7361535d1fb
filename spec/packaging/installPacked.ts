/**
 * The published package as a user gets it: the sources are copied to a temporary directory (no
 * `dist/`, as in a fresh clone), `npm pack` runs there (its `prepack` script builds), and the tarball
 * is installed with rxjs into a new project outside this repository, so nothing resolves to src/.
 * Each spec file gets its own copy, so specs running in parallel never rebuild one `dist/` together.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** What `npm pack` needs to build and pack; everything else of the repository stays behind. */
const SOURCES = ['package.json', 'README.md', 'bin', 'scripts', 'src', 'tsconfig.json', 'tsconfig.build.json'];

/** A project with the packed package installed. */
export interface PackedInstall {
  /** The temporary directory holding the source copy, the tarball and the project; `remove()` deletes it. */
  readonly dir: string;
  /** The consumer project, with `node_modules/rxjs-event-time` installed from the tarball. */
  readonly app: string;
  /** The paths inside the tarball, relative to the package root (`dist/esm/index.js`, ...). */
  readonly files: readonly string[];
  /** Runs node in the project and returns its standard output. */
  node(...args: string[]): string;
  remove(): void;
}

export function installPacked(): PackedInstall {
  const dir = mkdtempSync(join(tmpdir(), 'rxjs-event-time-pack-'));
  const source = join(dir, 'source');
  const app = join(dir, 'app');
  mkdirSync(source);
  mkdirSync(app);
  for (const name of SOURCES) cpSync(join(ROOT, name), join(source, name), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(source, 'node_modules'), 'junction');
  // Scripts in the background: their output would otherwise land in the JSON on stdout.
  const packed = JSON.parse(
    execFileSync(NPM, ['pack', '--json', '--foreground-scripts=false', '--pack-destination', dir], { cwd: source, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
  ) as { filename: string; files: { path: string }[] }[];
  // rxjs, the package's dependencies and the OpenTelemetry API (the optional peer of the otel entry)
  // are linked to the copies this repository already has (npm still checks them against the declared
  // ranges): unpacking date-fns again takes seconds.
  const linked = ['rxjs', 'date-fns', '@date-fns/tz', '@opentelemetry/api'];
  const dependencies = Object.fromEntries(linked.map((name) => [name, `file:${join(ROOT, 'node_modules', name)}`]));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies }));
  execFileSync(NPM, ['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, packed[0].filename)], { cwd: app, stdio: 'pipe' });
  return {
    dir,
    app,
    files: packed[0].files.map((f) => f.path),
    node: (...args) => execFileSync(process.execPath, args, { cwd: app, encoding: 'utf8' }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
