/**
 * The recording behind `<RunQueueModel>`: a lesson snippet run on gort when the site builds
 * (src/lab/record-run.ts, as a Timeline replay is recorded), read into Go's P by run-queue-model.ts.
 *
 * gort's default order is first in, first out, which is not Go's: with one P, Go runs the goroutine
 * started last first (runnext). Replaying the default run on the P would show the P's state only up
 * to the first switch where they differ, and then a P that Go never holds. So the run shown is one
 * where gort made Go's P's choice at every switch: the default run if it does, else the first of the
 * explored schedules `rw-1`, `rw-2`, … (each one of the orders Go's scheduler could produce; explore.ts)
 * whose trace the P agrees with at every switch, that ends as the default run ends and yields no more
 * often (an explored schedule also preempts, which the P would see as extra yields).
 *
 * Invariants: deterministic (the schedules are tried in order and each run is reproducible); a
 * snippet with no such schedule among the first `tries` fails the build naming the snippet, instead
 * of showing a P that disagrees with its own run; a cut trace (more events than a run sends) fails too.
 */
import type { BuiltPackages } from '../lab/load.ts';
import { traceEventsOf } from '../lab/protocol.ts';
import { recordRun, type RunRecording } from '../lab/record-run.ts';
import { runQueueModel, schedulerEvents, type RunQueueModel } from './run-queue-model.ts';

export interface RunQueueRecording {
  /** The explored schedule the shown run followed, or null for gort's default order. */
  readonly schedule: string | null;
  readonly recording: RunRecording;
  readonly model: RunQueueModel;
  /** gort's default run on the same P (where it disagrees with the P, `agrees` is false). */
  readonly fifo: RunQueueModel;
}

export interface RecordRunQueueOptions {
  /** Shown in errors (`<RunQueueModel label="…">`). */
  readonly name: string;
  /** As recordRun's (a test passes its own). */
  readonly packages?: BuiltPackages;
  /** How many explored schedules to try; default DEFAULT_TRIES. */
  readonly tries?: number;
}

/** Enough for the lesson's snippets (run-next needs a handful; a 1-in-24 order about 24). */
export const DEFAULT_TRIES = 200;

export class RunQueueRecordError extends Error {
  override readonly name = 'RunQueueRecordError';
}

function modelOf(recording: RunRecording, name: string): RunQueueModel {
  const { trace } = recording;
  if (trace.rows.length !== trace.total) {
    throw new RunQueueRecordError(
      `${name}: the trace was cut (${trace.rows.length} of ${trace.total} events); the run-queue model needs all of them`,
    );
  }
  return runQueueModel(schedulerEvents(traceEventsOf(trace)));
}

/** Records `ts` and finds the run whose every switch is Go's P's (see the header). */
export async function recordRunQueue(ts: string, options: RecordRunQueueOptions): Promise<RunQueueRecording> {
  const { name, tries = DEFAULT_TRIES } = options;
  if (!Number.isInteger(tries) || tries < 0) {
    throw new TypeError(`Expected \`tries\` to be an integer >= 0, got ${tries}`);
  }
  const record = (schedule?: string) =>
    recordRun(ts, {
      name,
      ...(options.packages === undefined ? {} : { packages: options.packages }),
      ...(schedule === undefined ? {} : { schedule }),
    });
  const fifoRecording = await record();
  const fifo = modelOf(fifoRecording, name);
  if (fifo.agrees) return { schedule: null, recording: fifoRecording, model: fifo, fifo };
  const end = JSON.stringify(fifoRecording.end);
  for (let seed = 1; seed <= tries; seed++) {
    const schedule = `rw-${seed}`;
    const recording = await record(schedule);
    if (JSON.stringify(recording.end) !== end) continue;
    const model = modelOf(recording, name);
    if (model.agrees && model.yields === fifo.yields) return { schedule, recording, model, fifo };
  }
  throw new RunQueueRecordError(
    `${name}: none of gort's default run and the explored schedules rw-1 … rw-${tries} makes Go's P's choice at every switch; a run-queue model needs a snippet with fewer goroutines runnable at once`,
  );
}
