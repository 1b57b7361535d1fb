import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const SRC = join(__dirname, '..', '..', 'src');

/** Every module the entry loads, following relative imports and re-exports, and the packages it names. */
function importGraph(entry: string): { modules: string[]; packages: string[] } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      if (!spec!.startsWith('.')) {
        packages.add(spec!);
        continue;
      }
      const base = join(dirname(file), spec!.replace(/\.js$/, ''));
      visit(existsSync(`${base}.ts`) ? `${base}.ts` : join(base, 'index.ts'));
    }
  };
  visit(entry);
  return { modules: [...seen].map((f) => relative(SRC, f).replace(/\\/g, '/')), packages: [...packages] };
}

describe('the main entry and rxjs-event-time/node', () => {
  it('the main entry loads nothing of src/node and no Node module, so browser bundles stay free of fs', () => {
    const { modules, packages } = importGraph(join(SRC, 'index.ts'));
    expect(modules).toContain('io/replayableSource.ts');
    expect(modules.filter((m) => m.startsWith('node/'))).toEqual([]);
    expect(packages.filter((p) => p.startsWith('node:') || ['fs', 'path', 'os', 'crypto'].includes(p))).toEqual([]);
  });

  it('the node entry reaches its file-system modules (the walk above does follow imports)', () => {
    const { modules, packages } = importGraph(join(SRC, 'node', 'index.ts'));
    expect(modules).toEqual(expect.arrayContaining(['node/ndjsonFileSource.ts', 'node/fileLines.ts', 'node/directoryCheckpointStore.ts', 'node/ndjsonFileSink.ts']));
    expect(packages).toEqual(expect.arrayContaining(['node:fs/promises', 'node:crypto']));
  });
});
