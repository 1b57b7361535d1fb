/**
 * The examples of docs/joins.md print what their comments say: each TypeScript block runs (the package
 * mapped to src/), and the lines it logs equal its trailing `// ` comment lines.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import * as ts from 'typescript';
import * as lib from '../../src/index';
import { parseMarkdown, ROOT } from './markdown';

const { blocks } = parseMarkdown(readFileSync(join(ROOT, 'docs', 'joins.md'), 'utf8'));
const examples = blocks.filter((b) => /^ts\b/.test(b.info));

/** The comment lines at the end of a block: what it prints. */
function expectedOutput(text: string): string[] {
  const lines = text.trimEnd().split('\n');
  const out: string[] = [];
  for (let i = lines.length - 1; i >= 0 && lines[i].startsWith('// '); i--) out.unshift(lines[i].slice(3));
  return out;
}

function run(text: string): string[] {
  const js = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const logged: string[] = [];
  const console = { log: (...args: unknown[]) => logged.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { breakLength: Infinity }))).join(' ')) };
  const require = (name: string): unknown => (name === 'rxjs-event-time' ? lib : name === 'rxjs' ? jest.requireActual('rxjs') : undefined);
  new Function('require', 'exports', 'console', js)(require, {}, console);
  return logged;
}

describe('docs/joins.md', () => {
  it('has one example per join', () => {
    expect(examples.map((b) => /intervalJoin\(|temporalJoin\(/.exec(b.text)?.[0])).toEqual(['intervalJoin(', 'temporalJoin(']);
  });

  it.each(examples.map((b, i) => [i, b.text]))('example %i prints what its comments say', (_, text) => {
    expect(run(text)).toEqual(expectedOutput(text));
  });
});
