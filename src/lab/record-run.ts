/**
 * A lesson snippet's run, recorded when the site builds, for the Timeline replay on its page
 * (src/components/TimelineReplay.astro): the program runs with the Node runner, mounted and hosted
 * exactly as a lab's Run is (virtual clock, seed 1, tracing on, call sites on), and the recording is
 * what the lab's Timeline is given after that Run — the host's `trace` message, the files that ran
 * and how the run ended (`TimelineEnd`: exit status, deadlock from the `stuck` message).
 *
 * With `schedule`, the run follows that explored schedule (explore.ts) instead of gort's FIFO order,
 * as a check's replay of a schedule does (the run-queue model looks for the one whose choices are Go's P's).
 *
 * Invariants: deterministic (the virtual clock and FIFO scheduling, or the schedule's seed: the same
 * source and schedule give the same recording, byte for byte); a run that did not end by itself (time limit, output cap) or sent no
 * trace is a `RecordRunError` naming the snippet, which fails the build instead of shipping an empty
 * replay; each source runs once per process (both languages' pages share the recording).
 */
import type { TraceMessage } from './protocol.ts';
import { loadBuiltPackages, type BuiltPackages } from './load.ts';
import { NodeRunner, runLab } from './runners/node.ts';
import { labMetaSchema } from './schema.ts';
import type { TimelineEnd } from './ui/timeline-model.ts';

/** What a replay shows: the lab Timeline's input after a Run. */
export interface RunRecording {
  readonly trace: TraceMessage;
  /** The learner's files that ran, by name (`main.ts`). */
  readonly files: Readonly<Record<string, string>>;
  readonly end: TimelineEnd;
}

export type RecordRunErrorCode = 'not-ended' | 'no-trace';

export class RecordRunError extends Error {
  override readonly name = 'RecordRunError';
  constructor(
    readonly code: RecordRunErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface RecordRunOptions {
  /** Shown in errors: where the source comes from (`unbuffered-channels/ping-pong/main.ts`). */
  readonly name: string;
  /** The packages to run on; default: what `npm run build:pkgs` wrote (public/_lab/pkgs). */
  readonly packages?: BuiltPackages;
  /** An explored schedule's token (`rw-17`) to run under; default: gort's FIFO order. */
  readonly schedule?: string;
}

const ENTRY = 'main.ts';
/** How much of a failed run's output an error quotes (its end, where the failure is). */
const OUTPUT_TAIL = 2000;
const tail = (text: string) => (text.length > OUTPUT_TAIL ? `…${text.slice(-OUTPUT_TAIL)}` : text);
const recordings = new Map<string, Promise<RunRecording>>();
let builtPackages: Promise<BuiltPackages> | undefined;
let runner: NodeRunner | undefined;

/** Runs `source` as `main.ts` the way a lab's Run does and returns what its Timeline shows. */
export function recordRun(source: string, options: RecordRunOptions): Promise<RunRecording> {
  const { name, schedule } = options;
  // Keyed by the source (and schedule) only when the default packages are used (a test passes its own).
  if (options.packages !== undefined) return record(source, name, options.packages, schedule);
  const key = schedule === undefined ? source : `${schedule}\u0000${source}`;
  let recording = recordings.get(key);
  if (recording === undefined) {
    builtPackages ??= loadBuiltPackages();
    recording = builtPackages.then((packages) => record(source, name, packages, schedule));
    recordings.set(key, recording);
  }
  return recording;
}

async function record(
  source: string,
  name: string,
  packages: BuiltPackages,
  schedule: string | undefined,
): Promise<RunRecording> {
  const meta = labMetaSchema.parse({
    title: { en: name, 'zh-cn': name },
    lesson: 'snippets',
    kind: 'demo',
    instructions: { en: name, 'zh-cn': name },
    clock: 'virtual',
  });
  const files = { [ENTRY]: source };
  let trace: TraceMessage | undefined;
  let deadlock = false;
  runner ??= new NodeRunner();
  const { result, text } = await runLab(
    { id: 'lessons/replay', meta, starter: files, solution: files, check: '' },
    {
      mode: 'run',
      packages,
      runner,
      ...(schedule === undefined ? {} : { schedule }),
      onMessage: (message) => {
        if (message.type === 'trace') trace = message;
        else if (message.type === 'stuck') deadlock = message.report.kind === 'deadlock';
      },
    },
  );
  if (result.stopped) {
    throw new RecordRunError(
      'not-ended',
      `${name}: the recorded run did not end by itself (${result.reason ?? 'stopped'}, exit status ${result.exitCode}); a replay needs a program that ends within ${meta.timeoutMs} ms. Its output:\n${tail(text)}`,
    );
  }
  if (trace === undefined) {
    throw new RecordRunError(
      'no-trace',
      `${name}: the recorded run sent no trace. Its output:\n${tail(text)}`,
    );
  }
  return { trace, files, end: { code: result.exitCode, deadlock } };
}
