import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root, where README.md and docs/ live. */
export const ROOT = join(__dirname, '..', '..');

/** README.md and every docs/*.md page, as paths relative to the root. */
export function markdownFiles(): string[] {
  const pages = readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...pages];
}

/** One fenced code block: its info string, its text and the line of its first text line (1-based). */
export interface CodeBlock {
  readonly info: string;
  readonly text: string;
  readonly line: number;
}

/** A markdown line outside fenced code, with its 1-based line number. */
export interface ProseLine {
  readonly text: string;
  readonly line: number;
}

/** Splits a page into fenced code blocks and the prose lines around them (CommonMark backtick fences). */
export function parseMarkdown(source: string): { blocks: CodeBlock[]; prose: ProseLine[] } {
  const lines = source.split('\n');
  const blocks: CodeBlock[] = [];
  const prose: ProseLine[] = [];
  let open: { fence: string; info: string; start: number; body: string[] } | undefined;
  lines.forEach((text, i) => {
    const fence = /^\s*(`{3,})(.*)$/.exec(text);
    if (open === undefined) {
      if (fence) open = { fence: fence[1]!, info: fence[2]!.trim(), start: i + 2, body: [] };
      else prose.push({ text, line: i + 1 });
    } else if (fence && fence[1]!.length >= open.fence.length && fence[2]!.trim() === '') {
      blocks.push({ info: open.info, text: open.body.join('\n'), line: open.start });
      open = undefined;
    } else {
      open.body.push(text);
    }
  });
  return { blocks, prose };
}

/**
 * GitHub's anchor for a heading: link targets and HTML tags dropped, lower case, every character
 * that is not a letter, digit, space, hyphen or underscore removed (markup such as backticks with it), spaces turned into hyphens; a repeated slug
 * gets `-1`, `-2`, ...
 */
export function headingSlugs(source: string): Set<string> {
  const slugs = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of parseMarkdown(source).prose) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (!heading) continue;
    const plain = heading[1]!
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '');
    const base = plain
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    slugs.add(count === 0 ? base : `${base}-${count}`);
  }
  return slugs;
}

/** The targets of the inline links and images of a page's prose, inline code left out. */
export function linkTargets(source: string): { target: string; line: number }[] {
  const targets: { target: string; line: number }[] = [];
  for (const { text, line } of parseMarkdown(source).prose) {
    const withoutCode = text.replace(/`[^`]*`/g, '');
    for (const match of withoutCode.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      targets.push({ target: match[1]!, line });
    }
  }
  return targets;
}
