/**
 * Text from the data (keys, values, input lines) shown to people: in error messages, on a terminal, in
 * an SVG picture. Control characters there do harm out of proportion to their size: an escape sequence
 * rewrites the terminal, a bidirectional override reorders what is read, and XML 1.0 forbids most C0
 * controls outright (even as character references), so one of them makes a whole SVG unreadable.
 */

// C0 controls, DEL and C1 controls, bidirectional marks, overrides and isolates, the line and paragraph
// separators, the byte order mark, interlinear annotation marks, the two noncharacters XML forbids, and
// surrogates that are not part of a pair.
const INVISIBLE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// The same set without the look-arounds: a quick test, since almost all text has none of them.
const ANY_INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufeff\ufff9-\ufffb\ufffe\uffff]/;

const escapeOne = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Replaces every control character (and the other invisible or unsafe ones above) with a visible
 * `\uXXXX` escape, so the text is one harmless line on a terminal and valid character data in XML.
 *
 * @example escapeControls('a\u001b[31mb') // 'a\\u001b[31mb'
 */
export function escapeControls(text: string): string {
  return ANY_INVISIBLE.test(text) ? text.replace(INVISIBLE, escapeOne) : text;
}
