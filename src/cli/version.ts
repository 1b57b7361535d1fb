import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const NAME = 'rxjs-event-time';

/**
 * The version in the package's own package.json, found by walking up from `from` (this file's folder:
 * `src/cli` when run from source, `dist/cjs/cli` when installed), so it is the version of the code that
 * runs. The package.json files of the build folders (`{"type":"commonjs"}`) have no name and are passed.
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    let pkg: { name?: unknown; version?: unknown } | undefined;
    try {
      pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as typeof pkg;
    } catch {
      // No package.json here, or one that is not ours to read: keep walking up.
      pkg = undefined;
    }
    if (pkg?.name === NAME && typeof pkg.version === 'string') return pkg.version;
    if (dirname(dir) === dir) throw new Error(`cannot find the package.json of ${NAME} above ${from}`);
  }
}
