/** The text of `rxjs-event-time --help`. */
export const HELP = `Usage: rxjs-event-time window [options] [file]

Groups NDJSON records (one JSON object a line, from file or standard input) by key and event-time
window and writes one NDJSON line per pane to standard output:

  {"key":"u1","window_start":"2024-01-01T00:00:00.000Z","window_end":"2024-01-01T00:01:00.000Z",
   "value":{"count":2,"sum_amount":35},
   "pane":{"timing":"ON_TIME","index":0,"onTimeIndex":0,"isFirst":true,"isLast":false}}

Records:
  -k, --key <field>               the key field (string, number or boolean; a.b reaches into objects)
  -t, --time <field>              the event-time field
      --time-unit ms|s|iso        numbers are epoch ms (default) or epoch s; strings are always read
                                  as ISO-8601 (no zone means UTC); iso accepts strings only

Windows (durations: 1500ms, 60s, 2m, 1h, 1d, 1m30s):
      --size <duration>           window size: fixed windows
      --period <duration>         sliding windows of --size starting every --period
      --offset <duration>         shifts window boundaries (default 0)
      --gap <duration>            session windows instead: a key's records closer than this
                                  merge into one window (no --size, --period or --offset)

Watermark and lateness:
      --max-out-of-orderness <d>  the watermark trails the largest event time seen by this (default 0)
      --allowed-lateness <d>      late records are still accepted this long after a window ends
                                  (default 0); later ones are dropped, reported and counted

Firings (the pane at the watermark is always there):
      --early <duration>          EARLY panes this long after a window's first unfired record
      --early-count <n>           EARLY panes every n records
      --late <duration>           LATE panes this long after the first late record
      --late-count <n>            LATE panes every n late records (default 1 with allowed lateness)
      --accumulation <mode>       discarding (default) or accumulating
  --early and --late count real time (the process clock), so their panes depend on how fast the
  input arrives; everything else depends only on the order of the lines.

Aggregations (in one pass; the default is --count):
      --count                     number of records            -> "count"
      --sum <field>               sum of a number field        -> "sum_<field>"   (repeatable)
      --mean <field>              mean of a number field       -> "mean_<field>"  (repeatable)
      --group                     the records themselves, as an array

Inspecting a run:
      --html <file>               also writes an HTML page of the run to explore in a browser: its
                                  timeline with zoom, pan, filters by key and window, and why each
                                  pane fired (keeps the whole run in memory until the end)

  -h, --help                      this text

Bad lines (invalid JSON, missing or bad key, time or number fields) are reported on standard error
with their line numbers and skipped; so are records dropped as too late. A summary line on standard
error ends every run. Exit status: 0 done, 1 fatal error (such as an unreadable file), 2 usage error.

Examples:
  rxjs-event-time window --key user_id --time event_time --time-unit s --size 60s \\
    --allowed-lateness 2m --count --sum amount < events.ndjson

  rxjs-event-time window -k host -t ts --size 5m --period 1m --mean latency_ms logs.ndjson

  tail -f clicks.ndjson | rxjs-event-time window -k page -t at --size 1m \\
    --max-out-of-orderness 10s --early 5s --accumulation accumulating
`;
