import { from, type Observable } from 'rxjs';
import { assignEventTime, combinePerKey, Combine, type Pane } from '../../src/index';
import { calendarWindow } from '../../src/operators/calendarWindow';

const at = (iso: string): number => Date.parse(iso);
const onlyPane = { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true };

function run<T, V>(values: T[], pipeline: (v$: Observable<T>) => Observable<Pane<V, string>>): Pane<V, string>[] {
  const out: Pane<V, string>[] = [];
  let error: unknown;
  pipeline(from(values)).subscribe({ next: (p) => out.push(p), error: (e: unknown) => (error = e) });
  if (error !== undefined) throw error;
  return out;
}

interface Reading {
  sensor: string;
  at: string;
}

describe('calendarWindow', () => {
  it('counts per sensor and Berlin calendar day; the spring-forward day is a 23-hour window', () => {
    const readings: Reading[] = [
      { sensor: 's1', at: '2024-03-30T22:59:59.999Z' }, // Saturday 23:59:59.999 CET
      { sensor: 's1', at: '2024-03-30T23:00:00Z' }, // Sunday 00:00 CET
      { sensor: 's1', at: '2024-03-31T21:59:59.999Z' }, // Sunday 23:59:59.999 CEST
      { sensor: 's2', at: '2024-03-31T01:00:00Z' }, // Sunday 03:00 CEST
      { sensor: 's1', at: '2024-03-31T22:00:00Z' }, // Monday 00:00 CEST
    ];
    const panes = run(readings, (v$) =>
      v$.pipe(
        assignEventTime((r: Reading) => at(r.at)),
        calendarWindow('day', { timeZone: 'Europe/Berlin' }),
        combinePerKey((r: Reading) => r.sensor, Combine.count<Reading>()),
      ),
    );
    const win = (start: string, end: string) => ({ start: at(start), end: at(end), maxTimestamp: at(end) - 1 });
    const saturday = win('2024-03-29T23:00:00Z', '2024-03-30T23:00:00Z');
    const sunday = win('2024-03-30T23:00:00Z', '2024-03-31T22:00:00Z');
    const monday = win('2024-03-31T22:00:00Z', '2024-04-01T22:00:00Z');
    const pane = (key: string, window: typeof sunday, value: number) => ({ key, window, value, pane: onlyPane, timestamp: window.maxTimestamp });
    expect(panes).toEqual([pane('s1', saturday, 1), pane('s1', sunday, 2), pane('s2', sunday, 1), pane('s1', monday, 1)]);
  });

  it('quarters in New York: multiple 3 months', () => {
    const readings: Reading[] = [
      { sensor: 's1', at: '2024-01-01T04:59:59.999Z' }, // still 2023-12-31 in New York
      { sensor: 's1', at: '2024-01-01T05:00:00Z' },
      { sensor: 's1', at: '2024-03-31T12:00:00Z' },
      { sensor: 's1', at: '2024-04-01T04:00:00Z' }, // 2024-04-01 00:00 EDT
    ];
    const panes = run(readings, (v$) =>
      v$.pipe(
        assignEventTime((r: Reading) => at(r.at)),
        calendarWindow('month', { timeZone: 'America/New_York', multiple: 3 }),
        combinePerKey((r: Reading) => r.sensor, Combine.count<Reading>()),
      ),
    );
    expect(panes.map((p) => [new Date(p.window.start).toISOString(), new Date(p.window.end).toISOString(), p.value])).toEqual([
      ['2023-10-01T04:00:00.000Z', '2024-01-01T05:00:00.000Z', 1],
      ['2024-01-01T05:00:00.000Z', '2024-04-01T04:00:00.000Z', 2],
      ['2024-04-01T04:00:00.000Z', '2024-07-01T04:00:00.000Z', 1],
    ]);
  });

  it('throws at build time with a message naming calendarWindow, the rule and the value', () => {
    expect(() => calendarWindow('day', { timeZone: 'Europe/Berlín' })).toThrow(
      new RangeError('calendarWindow: timeZone must be a known IANA time zone such as "Europe/Berlin" or an offset such as "+05:30", got "Europe/Berlín"'),
    );
    expect(() => calendarWindow('fortnight' as 'week')).toThrow(
      new RangeError(`calendarWindow: unit must be one of 'day', 'week', 'month', 'year', got "fortnight"`),
    );
    expect(() => calendarWindow('week', { weekStartsOn: -1 as 0 })).toThrow(
      new RangeError('calendarWindow: weekStartsOn must be an integer from 0 (Sunday) to 6 (Saturday), got -1'),
    );
    expect(() => calendarWindow('year', { multiple: -2 })).toThrow(new RangeError('calendarWindow: multiple must be a positive integer, got -2'));
  });
});
