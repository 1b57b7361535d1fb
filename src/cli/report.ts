import type { DroppedElement } from '../core/reducerTypes.js';
import { escapeControls } from '../internal/text.js';
import { formatInstant } from '../time.js';
import { formatDuration } from './duration.js';
import type { CliEvent } from './events.js';

/** Lines between two progress updates (shown only on a terminal). */
const PROGRESS_EVERY = 100_000;

/** The counts printed in the summary line. `dropped` counts (record, window) pairs, and records in no window once. */
export interface Counts {
  lines: number;
  events: number;
  bad: number;
  blank: number;
  dropped: number;
  panes: number;
}

/** What the report needs of the command line. */
export interface ReportOptions {
  /** `--quiet`: bad and dropped records are counted, not listed. */
  readonly quiet: boolean;
  /** `--max-out-of-orderness` in ms, the base of the hint for records that came too late. */
  readonly maxOutOfOrderness: number;
}

/**
 * Everything the command says on standard error: bad lines, drops, warnings, progress on a terminal,
 * and the summary. Messages clear a progress line first so the two never mix.
 */
export class Report {
  readonly counts: Counts = { lines: 0, events: 0, bad: 0, blank: 0, dropped: 0, panes: 0 };
  private progressShown = false;
  /** Records dropped as too late (one record may be dropped from several sliding windows). */
  private lateRecords = 0;
  private lastLateLine = 0;
  /** The most a record dropped as too late was behind the largest event time before it, in ms. */
  private maxBehind = 0;

  constructor(
    private readonly name: string,
    private readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean },
    private readonly options: ReportOptions = { quiet: false, maxOutOfOrderness: 0 },
  ) {}

  /**
   * Writes one message line. Messages quote the input (bad lines, field values, error messages that
   * carry them), so control characters are made visible here, where every message passes: an escape
   * sequence in a bad line must not reach the terminal.
   */
  note(text: string): void {
    const line = escapeControls(text);
    this.stderr.write(this.progressShown ? `\r\x1b[K${line}\n` : `${line}\n`);
    this.progressShown = false;
  }

  badLine(line: number, problem: string): void {
    this.counts.bad++;
    if (!this.options.quiet) this.note(`line ${line}: ${problem}`);
  }

  dropped(d: DroppedElement<CliEvent>): void {
    this.counts.dropped++;
    if (d.reason === 'beyond-allowed-lateness') this.late(d);
    if (this.options.quiet) return;
    if (d.window === undefined) {
      this.note(
        `line ${d.value.line}: dropped: in no window (event time ${formatInstant(d.timestamp)} falls in a gap between sliding windows, ` +
          `as --period longer than --size leaves; watermark ${formatInstant(d.watermark)})`,
      );
      return;
    }
    const why = d.reason === 'beyond-allowed-lateness' ? 'beyond the allowed lateness' : "the window's trigger has finished";
    this.note(
      `line ${d.value.line}: dropped: too late for window [${formatInstant(d.window.start)}, ${formatInstant(d.window.end)}) ` +
        `(${why}; event time ${formatInstant(d.timestamp)}, watermark ${formatInstant(d.watermark)})`,
    );
  }

  private late(d: DroppedElement<CliEvent>): void {
    if (d.value.line !== this.lastLateLine) this.lateRecords++;
    this.lastLateLine = d.value.line;
    // The watermark trails the largest event time seen by --max-out-of-orderness.
    const behind = d.watermark + this.options.maxOutOfOrderness - d.timestamp;
    if (behind > this.maxBehind) this.maxBehind = behind;
  }

  /** Called after each line; long inputs on a terminal get a progress line that rewrites itself. */
  lineRead(): void {
    if (this.counts.lines % PROGRESS_EVERY !== 0 || this.stderr.isTTY !== true) return;
    this.stderr.write(`\r${this.name}: lines read: ${this.counts.lines}, panes written: ${this.counts.panes}`);
    this.progressShown = true;
  }

  summary(): void {
    if (this.progressShown) this.stderr.write('\r\x1b[K');
    this.progressShown = false;
    if (this.lateRecords > 0) {
      // A watermark that waits at least this long would have found every one of them on time.
      const one = this.lateRecords === 1;
      const delay = formatDuration(this.maxBehind);
      this.stderr.write(
        `${this.name}: ${one ? '1 record was' : `${this.lateRecords} records were`} dropped as too late, ` +
          `${one ? '' : 'at most '}${delay} behind the largest event time before ${one ? 'it' : 'them'}; ` +
          `--max-out-of-orderness ${delay} would have kept ${one ? 'it' : 'them'} on time\n`,
      );
    }
    const { lines, events, bad, blank, dropped, panes } = this.counts;
    this.stderr.write(`${this.name}: summary: lines=${lines} events=${events} bad=${bad} blank=${blank} dropped=${dropped} panes=${panes}\n`);
  }
}
