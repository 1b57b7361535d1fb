import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { headingSlugs, linkTargets, markdownFiles, parseMarkdown, ROOT } from './markdown';

function read(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

/** Every relative link of `page` that does not resolve, as `page:line: target (why)`. */
function brokenLinks(page: string): string[] {
  const broken: string[] = [];
  for (const { target, line } of linkTargets(read(page))) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: and the like
    const hash = target.indexOf('#');
    const pathPart = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
    const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const file = pathPart === '' ? page : normalize(join(dirname(page), pathPart));
    const where = `${page}:${line}: ${target}`;
    if (file.startsWith('..') || !existsSync(join(ROOT, file))) {
      broken.push(`${where} (no file ${file})`);
      continue;
    }
    if (anchor === undefined) continue;
    if (!file.endsWith('.md') || statSync(join(ROOT, file)).isDirectory()) {
      broken.push(`${where} (an anchor into ${file}, which is not a markdown page)`);
    } else if (!headingSlugs(read(file)).has(anchor)) {
      broken.push(`${where} (no heading with the anchor #${anchor} in ${file})`);
    }
  }
  return broken;
}

describe('links in README.md and docs/*.md', () => {
  it.each(markdownFiles())('every relative link of %s resolves to a file and a heading', (page) => {
    expect(brokenLinks(page)).toEqual([]);
  });

  it('the README links every docs page', () => {
    const linked = new Set(linkTargets(read('README.md')).map(({ target }) => target.split('#')[0]));
    const pages = markdownFiles().filter((page) => page !== 'README.md');
    expect(pages.filter((page) => !linked.has(page))).toEqual([]);
  });
});

describe('headings in README.md and docs/*.md', () => {
  it.each(markdownFiles())('no heading of %s holds a code span (the API reference drops them from its contents)', (page) => {
    const withCode = parseMarkdown(read(page))
      .prose.filter(({ text }) => /^ {0,3}#{1,6}\s.*`/.test(text))
      .map(({ text, line }) => `${page}:${line}: ${text}`);
    expect(withCode).toEqual([]);
  });
});

describe('the link checker', () => {
  it('makes anchors by GitHub rules: markup and punctuation dropped, spaces as hyphens, repeats numbered', () => {
    const slugs = headingSlugs(
      [
        '# Why `combineFields` and not a CoGroupByKey join',
        '## End of window: `afterWatermark()` / `Trigger.afterWatermark({ early?, late? })`',
        '### Bad input, drops and exit status',
        '```sh',
        '# not a heading',
        '```',
        '## Triggers',
        '### Triggers',
        '## A [linked](other.md) heading',
      ].join('\n'),
    );
    expect([...slugs]).toEqual([
      'why-combinefields-and-not-a-cogroupbykey-join',
      'end-of-window-afterwatermark--triggerafterwatermark-early-late-',
      'bad-input-drops-and-exit-status',
      'triggers',
      'triggers-1',
      'a-linked-heading',
    ]);
  });

  it('reports a missing file and a missing anchor, and skips links inside code', () => {
    const targets = linkTargets(
      ['[a](docs/nowhere.md) and `[b](skipped.md)`', '```', '[c](in-a-fence.md)', '```', '![d](x.png#y)'].join('\n'),
    );
    expect(targets).toEqual([
      { target: 'docs/nowhere.md', line: 1 },
      { target: 'x.png#y', line: 5 },
    ]);
  });
});
