import type { WindowCommand } from './args.js';
import { secondsWarning } from './eventTime.js';
import { fieldOf, readEvent, type CliEvent } from './events.js';
import type { Report } from './report.js';

/**
 * Turns the input's lines, in order, into events: counts each line, reports bad ones, and checks on the
 * first record whether its numbers look like seconds. Returns undefined for a blank or bad line. The same
 * reader serves standard input and a checkpointed file, so both report alike.
 */
export function lineReader(cmd: WindowCommand, report: Report, name: string): (text: string, line: number) => CliEvent | undefined {
  const counts = report.counts;
  // The first record read decides whether its numbers look like seconds; an explicit unit is never doubted.
  let unitChecked = cmd.timeUnitGiven;
  return (text, line) => {
    counts.lines++;
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let event: CliEvent | undefined;
    if (text.trim() === '') {
      counts.blank++;
    } else {
      const read = readEvent(text, line, cmd);
      if ('event' in read) {
        counts.events++;
        if (!unitChecked) {
          unitChecked = true;
          const warning = secondsWarning(fieldOf(read.event.record, cmd.time), cmd.time, line);
          if (warning !== undefined) report.note(`${name}: ${warning}`);
        }
        event = read.event;
      } else {
        report.badLine(line, read.problem);
      }
    }
    report.lineRead();
    return event;
  };
}
