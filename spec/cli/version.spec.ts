import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageVersion } from '../../src/cli/version';
import { ROOT, spawnCli } from './helpers';

jest.setTimeout(20_000);

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('rxjs-event-time --version', () => {
  it('prints the version of package.json and nothing else', async () => {
    const r = await spawnCli(['--version']);
    expect(r).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('wins over a command and its flags, as --help does', async () => {
    const r = await spawnCli(['window', '--version', '--size', 'soon']);
    expect(r).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('is found from an installed copy: past the build folder package.json, not the project using it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxjs-event-time-version-'));
    try {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'my-app', version: '9.9.9' }));
      const pkg = join(dir, 'node_modules', 'rxjs-event-time');
      const cli = join(pkg, 'dist', 'cjs', 'cli');
      mkdirSync(cli, { recursive: true });
      writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'rxjs-event-time', version: '1.2.3' }));
      writeFileSync(join(pkg, 'dist', 'cjs', 'package.json'), JSON.stringify({ type: 'commonjs', sideEffects: false }));
      writeFileSync(join(cli, 'package.json'), '{ not JSON');
      expect(packageVersion(cli)).toBe('1.2.3');
      expect(() => packageVersion(dir)).toThrow(`cannot find the package.json of rxjs-event-time above ${dir}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('from the source folder, is the version of this checkout', () => {
    expect(packageVersion(join(ROOT, 'src', 'cli'))).toBe(VERSION);
  });
});
