/** The text of `rxjs-event-time --help`. */
export const HELP = `Usage: rxjs-event-time window [options] [file]

Groups NDJSON records (one JSON object a line, from file or standard input) by key and event-time
window and writes one NDJSON line per pane to standard output:

  {"key":"u1","window_start":"2024-01-01T00:00:00.000Z","window_end":"2024-01-01T00:01:00.000Z",
   "value":{"count":2,"sum_amount":35},
   "pane":{"timing":"ON_TIME","index":0,"onTimeIndex":0,"isFirst":true,"isLast":false}}

Records:
  -k, --key <field>               the key field (string, number or boolean; a.b reaches into
                                  objects); without it all records form one group, an overall
                                  result per window, written with "key":null
  -t, --time <field>              the event-time field
      --time-unit ms|s|iso        numbers are epoch ms (default) or epoch s; strings are always read
                                  as ISO-8601 (no zone means UTC); iso accepts strings only. Without
                                  it, a warning if the first time is from 1e9 to 1e10 (1970 in ms,
                                  2001-2286 in s)

Windows (durations: 1500ms, 60s, 2m, 1h, 1d, 1m30s):
      --size <duration>           window size: fixed windows
      --period <duration>         sliding windows of --size starting every --period
      --offset <duration>         shifts window boundaries (default 0)
      --gap <duration>            session windows instead: a key's records closer than this
                                  merge into one window (no --size, --period or --offset)

Watermark and lateness:
      --max-out-of-orderness <d>  the watermark trails the largest event time seen by this
                                  (default 0); a run that dropped records as too late ends with
                                  the value that would have kept them on time
      --allowed-lateness <d>      late records are still accepted this long after a window ends
                                  (default 0); later ones are dropped, reported and counted

Firings (the pane at the watermark is always there):
      --early <duration>          EARLY panes this long after a window's first unfired record
      --early-count <n>           EARLY panes every n records
      --late <duration>           LATE panes this long after the first late record
      --late-count <n>            LATE panes every n late records (default 1 with allowed lateness)
      --accumulation <mode>       discarding (default), accumulating, or accumulatingAndRetracting
                                  (each later pane is preceded by a line withdrawing the one before it,
                                  marked "retraction": true)
  --early and --late count real time (the process clock), so their panes depend on how fast the
  input arrives; everything else depends only on the order of the lines.

Aggregations (in one pass; the default is --count; all but --count and --group repeatable):
      --count                     number of records            -> "count"
      --sum <field>               sum of a number field        -> "sum_<field>"
      --mean <field>              mean of a number field       -> "mean_<field>"
      --min <field>               smallest value of the field  -> "min_<field>"
      --max <field>               largest value of the field   -> "max_<field>"
      --percentile <p>:<field>    value at sorted position     -> "p<p>_<field>"  (95:ms: "p95_ms")
                                  floor(p/100 x (n-1)), p from 0 to 100 with at most one decimal;
                                  exact below 512 values a window, approximate beyond
      --group                     the records themselves, as an array
  An empty pane (discarding, after an early one) has null for mean, min, max and percentiles.

Files and restarts:
      --input <file>              the input file (or give it as the last argument; default standard input)
      --output <file>             write the panes to this file instead of standard output
      --checkpoint <dir>          keep checkpoints in this directory (needs --input and --output): a
                                  run killed at any moment and started again with the same command
                                  resumes from its last checkpoint, and the output file ends with
                                  exactly the panes of an uninterrupted run; not with --early, --late
                                  or --html. Remove the directory to run again from the start
      --checkpoint-every <n>      input records between checkpoints (default 10000)

Inspecting a run:
      --html <file>               also writes an HTML page of the run to explore in a browser: its
                                  timeline with zoom, pan, filters by key and window, and why each
                                  pane fired (keeps the whole run in memory until the end)

Messages:
  -q, --quiet                     no line for each bad or dropped record: they are still counted

  -h, --help                      this text
      --version                   the version of rxjs-event-time

Bad lines (invalid JSON, missing or bad key, time or number fields) are reported on standard error
with their line numbers and skipped; so are records dropped as too late. A summary line on standard
error ends every run. Exit status: 0 done, 1 fatal error (such as an unreadable file), 2 usage error.

Examples:
  rxjs-event-time window --key user_id --time event_time --time-unit s --size 60s \\
    --allowed-lateness 2m --count --sum amount < events.ndjson

  rxjs-event-time window -k host -t ts --size 5m --period 1m --mean latency_ms logs.ndjson

  rxjs-event-time window -t ts --size 1m --max-out-of-orderness 5s --quiet \\
    --percentile 50:latency_ms --percentile 99:latency_ms --max latency_ms logs.ndjson

  tail -f clicks.ndjson | rxjs-event-time window -k page -t at --size 1m \\
    --max-out-of-orderness 10s --early 5s --accumulation accumulating
`;
