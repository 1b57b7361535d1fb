import { escapeControls } from '../../src/internal/text';

describe('escapeControls', () => {
  it('leaves ordinary text, emoji and non-Latin scripts as they are (the same string)', () => {
    const text = 'user 42 – Ünïcödé 😀 日本語 עברית';
    expect(escapeControls(text)).toBe(text);
  });

  it('writes every C0 control, DEL and C1 control as \\uXXXX', () => {
    const all = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).join('') + '\u007f\u0080\u009b\u009f';
    expect(escapeControls(all)).toBe(
      Array.from({ length: 0x20 }, (_, i) => `\\u${i.toString(16).padStart(4, '0')}`).join('') + '\\u007f\\u0080\\u009b\\u009f',
    );
  });

  it('writes bidirectional controls, separators, noncharacters and lone surrogates as \\uXXXX, keeping surrogate pairs', () => {
    expect(escapeControls('a\u202eb\u2066c\u2028d\ufffee\uffff')).toBe('a\\u202eb\\u2066c\\u2028d\\ufffee\\uffff');
    expect(escapeControls('\ud83d\ude00 \ud83d x\ude00')).toBe('\ud83d\ude00 \\ud83d x\\ude00');
  });

  it('gives the same answer when called again (no state left in the pattern)', () => {
    expect([escapeControls('\u0007'), escapeControls('\u0007'), escapeControls('ok')]).toEqual(['\\u0007', '\\u0007', 'ok']);
  });
});
