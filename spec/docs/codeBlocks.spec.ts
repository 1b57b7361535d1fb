import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { markdownFiles, parseMarkdown, ROOT } from './markdown';

/** A TypeScript block of a page, as the virtual module it is checked as. */
interface Sample {
  readonly page: string;
  readonly line: number;
  readonly fileName: string;
  readonly text: string;
}

const TS_INFO = /^(ts|typescript)(\s|$)/;

/**
 * Every ```ts block of the README and the docs pages, each as a module of its own (so its
 * declarations stand alone), except blocks marked `no-check`, which are deliberately partial.
 */
function samples(): Sample[] {
  const out: Sample[] = [];
  for (const page of markdownFiles()) {
    const { blocks } = parseMarkdown(readFileSync(join(ROOT, page), 'utf8'));
    blocks.forEach((block, i) => {
      if (!TS_INFO.test(block.info) || /\bno-check\b/.test(block.info)) return;
      out.push({
        page,
        line: block.line,
        fileName: join(ROOT, 'spec', 'docs', '__blocks__', `${page.replace(/[/.]/g, '_')}_${i}.ts`),
        text: `${block.text}\nexport {};\n`,
      });
    });
  }
  return out;
}

/** Type-checks all samples in one program, with the package mapped to src/ as jest maps it. */
function typeErrors(all: readonly Sample[]): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (config === undefined) throw new Error('tsconfig.json could not be read');
  const options: ts.CompilerOptions = {
    ...config.options,
    noEmit: true,
    declaration: false,
    baseUrl: ROOT,
    paths: {
      'rxjs-event-time': ['src/index.ts'],
      'rxjs-event-time/testing': ['src/testing/index.ts'],
      'rxjs-event-time/otel': ['src/otel/index.ts'],
      'rxjs-event-time/node': ['src/node/index.ts'],
      'rxjs-event-time/nats': ['src/nats/index.ts'],
    },
  };
  const byName = new Map(all.map((s) => [s.fileName, s]));
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => byName.has(f) || fileExists.call(host, f);
  host.readFile = (f) => byName.get(f)?.text ?? readFile.call(host, f);
  host.getSourceFile = (f, version, onError, create) => {
    const sample = byName.get(f);
    return sample
      ? ts.createSourceFile(f, sample.text, version, true)
      : getSourceFile.call(host, f, version, onError, create);
  };
  const program = ts.createProgram([...byName.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const sample = d.file && byName.get(d.file.fileName);
    if (!sample || d.start === undefined) return `${d.file?.fileName ?? '(options)'}: ${message}`;
    const { line } = d.file!.getLineAndCharacterOfPosition(d.start);
    return `${sample.page}:${sample.line + line}: ${message}`;
  });
}

describe('TypeScript blocks in README.md and docs/*.md', () => {
  const all = samples();

  it('there are blocks to check in the README and in the docs pages', () => {
    expect(all.some((s) => s.page === 'README.md')).toBe(true);
    expect(all.some((s) => s.page.startsWith('docs/'))).toBe(true);
  });

  it('each block compiles as written, alone', () => {
    expect(typeErrors(all)).toEqual([]);
  }, 120_000);
});
