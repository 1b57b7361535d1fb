/**
 * What XML 1.0 forbids in a document, as a strict parser (a browser loading an SVG file) refuses it:
 * characters outside the `Char` production, and character references to them.
 */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const REFERENCE = /&#(x[0-9a-fA-F]+|[0-9]+);/g;

const allowed = (c: number) =>
  c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);

/** Every problem a strict XML 1.0 parser would stop at, as readable strings (empty when none). */
export function xmlCharProblems(text: string): string[] {
  const problems = [...text.matchAll(FORBIDDEN)].map((m) => `character U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${m.index}`);
  for (const m of text.matchAll(REFERENCE)) {
    const code = m[1].startsWith('x') ? parseInt(m[1].slice(1), 16) : Number(m[1]);
    if (!allowed(code)) problems.push(`reference ${m[0]} at ${m.index}`);
  }
  return problems;
}
