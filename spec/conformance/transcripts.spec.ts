import { runTranscript } from './harness';
import { TRANSCRIPTS, type Transcript } from './transcripts';

/** Beam's harness names duplicates `name`, `name_1`, `name_2`, ... */
function caseName(i: number): string {
  const name = TRANSCRIPTS[i].name;
  const before = TRANSCRIPTS.slice(0, i).filter((t) => t.name === name).length;
  return before === 0 ? name : `${name}_${before}`;
}

let passed = 0;
let failed = 0;

/** Counts a transcript run as passed only when the assertions in `body` all hold. */
function counted(body: () => void): () => void {
  return () => {
    try {
      body();
      passed++;
    } catch (e) {
      failed++;
      throw e;
    }
  };
}

function describeExpectation(t: Transcript): string {
  return t.error === undefined ? 'runs with no mismatch' : `is rejected with "${t.error}"`;
}

describe('Beam trigger transcripts', () => {
  afterAll(() => {
    process.stdout.write(`conformance: ${passed} passed, ${failed} failed\n`);
  });

  it('covers all 18 transcripts of the current Beam file: 13 positive and 5 negative', () => {
    expect(TRANSCRIPTS).toHaveLength(18);
    expect(TRANSCRIPTS.filter((t) => t.error === undefined)).toHaveLength(13);
    expect(TRANSCRIPTS.filter((t) => t.error !== undefined).map((t) => t.name)).toEqual([
      'bad_output',
      'bad_expected_values',
      'bad_expected_window',
      'missing_output',
      'missing_output_at_end',
    ]);
  });

  TRANSCRIPTS.forEach((t, i) => {
    const name = caseName(i);
    it(
      `${name} ${describeExpectation(t)}`,
      counted(() => {
        const result = runTranscript(t);
        if (t.error === undefined) {
          expect(result).toEqual({ ok: true, panes: expect.any(Number) });
        } else {
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.kind).toBe(t.error);
            expect(result.message).toMatch(new RegExp(`^${t.error}`));
          }
        }
      }),
    );
  });
});
