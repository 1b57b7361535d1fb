import { VirtualTimeScheduler } from 'rxjs';
import { afterCount, afterProcessingTime, afterWatermark, Combine, combinePerKey, fixedWindow, recordRun, type RunRecording } from '../../src/index';
import { testStream, timestamped } from '../../src/testing/index';

/**
 * A small run with one pane of every cause and one drop, on virtual processing time:
 * a, b at 0 s fire an EARLY pane (AfterCount(2), cause element); the watermark at 61 s fires ON_TIME;
 * c@30s arrives late at +10s and its LATE pane fires at +20.001s (processing time); the watermark at
 * 130 s garbage-collects [0, 60), so d@5s is dropped; e@125s comes out at +inf (garbage collection).
 */
export function smallRun(): RunRecording<string> {
  const scheduler = new VirtualTimeScheduler();
  const recorder = recordRun<string>({ scheduler });
  testStream<string>()
    .advanceWatermarkTo(0)
    .addElements(timestamped('a', 1_000), timestamped('b', 2_000))
    .advanceProcessingTime(5_000)
    .advanceWatermarkTo(61_000)
    .advanceProcessingTime(5_000)
    .addElements(timestamped('c', 30_000))
    .advanceProcessingTime(15_000)
    .advanceWatermarkTo(130_000)
    .addElements(timestamped('d', 5_000))
    .addElements(timestamped('e', 125_000))
    .advanceWatermarkToInfinity()
    .build({ scheduler, clock: 'frames' })
    .pipe(
      recorder.input,
      fixedWindow(60_000),
      afterWatermark({ early: afterCount(2), late: afterProcessingTime(10_000), allowedLateness: 60_000, accumulation: 'accumulating' }),
      combinePerKey(() => 'k', Combine.count<string>(), { scheduler, ...recorder.hooks }),
    )
    .subscribe();
  scheduler.flush();
  return recorder.recording;
}

/**
 * A run with retractions: under `accumulatingAndRetracting` with an EARLY pane per element, a@1s fires
 * EARLY 0; b@2s withdraws it and fires EARLY 1; the watermark at 61 s withdraws that and fires ON_TIME 2.
 */
export function retractingRun(): RunRecording<string> {
  const scheduler = new VirtualTimeScheduler();
  const recorder = recordRun<string>({ scheduler });
  testStream<string>()
    .advanceWatermarkTo(0)
    .addElements(timestamped('a', 1_000))
    .addElements(timestamped('b', 2_000))
    .advanceProcessingTime(5_000)
    .advanceWatermarkTo(61_000)
    .advanceWatermarkToInfinity()
    .build({ scheduler, clock: 'frames' })
    .pipe(
      recorder.input,
      fixedWindow(60_000),
      afterWatermark({ early: afterCount(1), accumulation: 'accumulatingAndRetracting' }),
      combinePerKey(() => 'k', Combine.count<string>(), { scheduler, ...recorder.hooks }),
    )
    .subscribe();
  scheduler.flush();
  return recorder.recording;
}
