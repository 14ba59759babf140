/**
 * The run-queue model (src/components/run-queue-model.ts): Go's rules for one P, from proc.go, on
 * hand-built event sequences (newproc's runnext and the kicked G, runqget's order, a readied G's
 * return through runnext, Gosched to the global queue, the 61st tick, runqputslow at 256, a run out
 * of the P's order reported and not hidden); the events read from a gort trace; and the lesson's two
 * snippets recorded as the page records them, where the order the P predicts is the order Go 1.26
 * printed with GOMAXPROCS=1 (the Go twins' recorded output, which go-programs.test.ts verifies), and
 * the gort run under the chosen schedule prints exactly that.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TraceEvent } from 'gort';
import { describe, expect, it } from 'vitest';
import { recordRunQueue, RunQueueRecordError } from '../../src/components/run-queue-record.ts';
import {
  FIRST_SCHEDTICK,
  LOCAL_RUNQ_SIZE,
  runQueueModel,
  schedulerEvents,
  type SchedEvent,
  type Step,
} from '../../src/components/run-queue-model.ts';
import { runQueueWords, stepSentences } from '../../src/components/run-queue-text.ts';
import { NodeRunner, runLab } from '../../src/lab/runners/node.ts';
import { labMetaSchema } from '../../src/lab/schema.ts';
import { snippetsDir } from '../lessons/lessons.ts';
import { useBuiltPackages } from '../lab/helpers.ts';

const create = (g: number, parent: number): SchedEvent => ({ kind: 'create', g, parent, fn: 'main.f' });
const run = (g: number): SchedEvent => ({ kind: 'run', g });
const exit = (g: number): SchedEvent => ({ kind: 'exit', g });
const yieldG = (g: number): SchedEvent => ({ kind: 'yield', g });
const ready = (g: number, by: number): SchedEvent => ({ kind: 'ready', g, by });
const park = (g: number): SchedEvent => ({ kind: 'park', g, reason: 'chan receive' });
/** main created by the runtime and running: every sequence starts so. */
const START = [create(1, 0), run(1)];
const last = (steps: readonly Step[]) => steps.at(-1)!;

describe('the P, on hand-built events', () => {
  it('newproc puts each new G in runnext and kicks the one there to the tail of the local queue', () => {
    const { steps } = runQueueModel([...START, create(2, 1), create(3, 1), create(4, 1)]);
    expect(steps[2]?.state).toMatchObject({ running: 1, runnext: 2, local: [] });
    expect(steps[3]?.effects).toEqual([{ kind: 'kicked', g: 2 }]);
    expect(last(steps).state).toMatchObject({ running: 1, runnext: 4, local: [2, 3], global: [] });
    expect(last(steps).effects).toEqual([{ kind: 'kicked', g: 3 }]);
  });

  it('runqget takes runnext first, then the local queue from its head; only a local pick ticks', () => {
    const model = runQueueModel([
      ...START,
      create(2, 1),
      create(3, 1),
      create(4, 1),
      park(1),
      run(4),
      exit(4),
      run(2),
      exit(2),
      run(3),
    ]);
    expect(model.agrees).toBe(true);
    expect(model.order).toEqual([1, 4, 2, 3]);
    const switches = model.steps.flatMap((s) => (s.switch === undefined ? [] : [s]));
    expect(switches.map((s) => [s.switch?.p?.g, s.switch?.p?.from, s.state.schedtick])).toEqual([
      [1, 'runnext', FIRST_SCHEDTICK],
      [4, 'runnext', FIRST_SCHEDTICK],
      [2, 'local', FIRST_SCHEDTICK + 1],
      [3, 'local', FIRST_SCHEDTICK + 2],
    ]);
    expect(model.steps[5]?.state.blocked).toEqual([{ g: 1, reason: 'chan receive' }]);
  });

  it('a G readied by a channel op comes back through runnext, ahead of the local queue, kicking runnext', () => {
    // G2 blocks receiving; G3 and G4 wait in the queues; G5 sends to G2, then blocks itself.
    const model = runQueueModel([
      ...START,
      create(2, 1),
      park(1),
      run(2),
      park(2),
      ready(1, 0),
      run(1),
      create(3, 1),
      create(4, 1),
      create(5, 1),
      park(1),
      run(5),
      ready(2, 5),
      park(5),
      run(2),
    ]);
    const readied = model.steps.findIndex((s) => s.event.kind === 'ready' && s.event.g === 2);
    expect(model.steps[readied - 1]?.state.blocked.map((b) => b.g)).toEqual([2, 1]);
    expect(model.steps[readied]?.state).toMatchObject({ runnext: 2, local: [3, 4] });
    expect(model.steps[readied]?.state.blocked.map((b) => b.g)).toEqual([1]);
    expect(last(model.steps).switch?.p).toEqual({ g: 2, from: 'runnext', place: 'runnext' });
    expect(model.agrees).toBe(true);
    // A ready while runnext is taken kicks that G to the local tail, as a new G does.
    const kicked = runQueueModel([...START, create(2, 1), park(1), run(2), create(3, 2), ready(1, 2)]);
    expect(last(kicked.steps).state).toMatchObject({ runnext: 1, local: [3] });
    expect(last(kicked.steps).effects).toEqual([{ kind: 'kicked', g: 3 }]);
  });

  it('a yield (Gosched) puts the G on the global queue; globrunqgetbatch takes it when the local queue is empty', () => {
    const model = runQueueModel([
      ...START,
      create(2, 1),
      create(3, 1),
      yieldG(1),
      run(3),
      yieldG(3),
      run(2),
      exit(2),
      run(1),
    ]);
    expect(model.steps[4]?.state).toMatchObject({ running: null, runnext: 3, local: [2], global: [1] });
    expect(model.steps[6]?.state.global).toEqual([1, 3]);
    // Both yielders are in the global queue; the batch runs the first and moves the rest to local.
    expect(last(model.steps).switch?.p).toEqual({ g: 1, from: 'global-batch', place: 'global' });
    expect(last(model.steps).effects).toEqual([{ kind: 'batched', gs: [3] }]);
    expect(last(model.steps).state).toMatchObject({ running: 1, local: [3], global: [] });
    expect(model.yields).toBe(2);
    expect(model.agrees).toBe(true);
  });

  it('takes one G from the global queue first when schedtick%61 == 0, though runnext and the local queue have work', () => {
    // G1 yields to the global queue. Then each goroutine starts two and exits: the second runs from
    // runnext (no tick), the first from the local queue (one tick), until the tick is 61.
    const events: SchedEvent[] = [...START, create(2, 1), yieldG(1), run(2)];
    let cur = 2;
    let next = 3;
    const cycle = () => {
      const [a, b] = [next, next + 1];
      next += 2;
      events.push(create(a, cur), create(b, cur), exit(cur), run(b), exit(b), run(a));
      cur = a;
    };
    while (runQueueModel(events).steps.at(-1)!.state.schedtick < 61) cycle();
    const [a, b] = [next, next + 1];
    events.push(create(a, cur), create(b, cur), exit(cur));
    const before = runQueueModel(events);
    expect(last(before.steps).state).toMatchObject({ schedtick: 61, runnext: b, local: [a], global: [1] });
    // Go's P takes G1; a run of runnext instead is reported as out of turn.
    const fair = runQueueModel([...events, run(1)]);
    expect(last(fair.steps).switch?.p).toEqual({ g: 1, from: 'global-tick', place: 'global' });
    expect(last(fair.steps).state.schedtick).toBe(62);
    expect(fair.agrees).toBe(true);
    const unfair = runQueueModel([...events, run(b)]);
    expect(unfair.agrees).toBe(false);
    expect(last(unfair.steps).switch?.actual).toEqual({ g: b, from: 'out-of-turn', place: 'runnext' });
    // One tick earlier the global queue waits: G1 stayed there through 60 rounds.
    const sixty = before.steps.slice(START.length + 2).filter((s) => s.switch !== undefined);
    expect(sixty.length).toBeGreaterThan(60);
    expect(sixty.every((s) => s.switch?.p?.g !== 1)).toBe(true);
  });

  it(`runqputslow moves the first half of a full local queue (${LOCAL_RUNQ_SIZE}) and the kicked G to the global queue`, () => {
    const events: SchedEvent[] = [...START];
    for (let g = 2; g < 2 + LOCAL_RUNQ_SIZE + 2; g++) events.push(create(g, 1));
    const model = runQueueModel(events);
    const full = model.steps.at(-2)!.state;
    expect(full.local).toHaveLength(LOCAL_RUNQ_SIZE);
    const after = last(model.steps);
    const kicked = LOCAL_RUNQ_SIZE + 2;
    const half = Array.from({ length: LOCAL_RUNQ_SIZE / 2 }, (_, i) => 2 + i);
    expect(after.effects).toEqual([
      { kind: 'kicked', g: kicked },
      { kind: 'spilled', gs: [...half, kicked] },
    ]);
    expect(after.state.global).toEqual([...half, kicked]);
    expect(after.state.local).toEqual(full.local.slice(LOCAL_RUNQ_SIZE / 2));
    expect(after.state.runnext).toBe(kicked + 1);
  });

  it("reports a run out of the P's order, and where gort's FIFO queue would differ, without making them agree", () => {
    const model = runQueueModel([...START, create(2, 1), create(3, 1), create(4, 1), park(1), run(2)]);
    expect(model.agrees).toBe(false);
    expect(last(model.steps).switch).toEqual({
      p: { g: 4, from: 'runnext', place: 'runnext' },
      gort: 2,
      actual: { g: 2, from: 'out-of-turn', place: 'local' },
    });
    expect(last(model.steps).state).toMatchObject({ running: 2, runnext: 4, local: [3], gort: [3, 4] });
    const words = runQueueWords('en');
    expect(stepSentences(words, last(model.steps), FIRST_SCHEDTICK).join(' ')).toBe(
      'This run ran G2, out of the P’s order: Go’s P would run G4 (runnext). The model takes G2 from where it waited. gort’s first-in-first-out queue would run G2 here too.',
    );
  });

  it('words a step in both languages, as the live region says it', () => {
    const { steps } = runQueueModel([...START, create(2, 1), create(3, 1)]);
    expect(stepSentences(runQueueWords('en'), last(steps), FIRST_SCHEDTICK).join(' ')).toBe(
      'G3 is created by G1 (main): `newproc` puts it in runnext (`runqput(pp, newg, true)`). G2 moves from runnext to the tail of the local queue.',
    );
    expect(stepSentences(runQueueWords('zh-cn'), last(steps), FIRST_SCHEDTICK).join('')).toBe(
      'G1（main）创建了 G3：`newproc` 把它放进 runnext（`runqput(pp, newg, true)`）。G2 被挤出 runnext，排到本地队列队尾。',
    );
  });
});

describe('the scheduler events of a gort trace', () => {
  const t = 0;
  it('infers who runs, a yield, and who woke whom when the waker had not acted since the switch', () => {
    const trace: TraceEvent[] = [
      { type: 'go.start', t, g: 1, parent: 0, fn: 'main.main' },
      { type: 'go.start', t, g: 2, parent: 1, fn: 'main.main.func1' },
      { type: 'go.start', t, g: 3, parent: 1, fn: 'main.main.func1' },
      { type: 'go.park', t, g: 1, reason: 'sync.WaitGroup.Wait' },
      { type: 'go.exit', t, g: 2 },
      // G3's first event after the switch is the wake of main (its wg.Done): G3 runs, then wakes.
      { type: 'go.unpark', t, g: 1 },
      { type: 'chan.make', t, g: 3, ch: 1, cap: 0 },
      // Main acts while G3 has neither blocked nor exited: G3 yielded.
      { type: 'go.exit', t, g: 1 },
    ];
    const func1 = (g: number): SchedEvent => ({ kind: 'create', g, parent: 1, fn: 'main.main.func1' });
    expect(schedulerEvents(trace)).toEqual([
      { kind: 'create', g: 1, parent: 0, fn: 'main.main' },
      run(1),
      func1(2),
      func1(3),
      { kind: 'park', g: 1, reason: 'sync.WaitGroup.Wait' },
      run(2),
      exit(2),
      run(3),
      ready(1, 3),
      yieldG(3),
      run(1),
      exit(1),
    ]);
  });

  it('credits a wake after a timer fired to the runtime, and stops at a panic', () => {
    const trace: TraceEvent[] = [
      { type: 'go.start', t, g: 1, parent: 0, fn: 'main.main' },
      { type: 'sleep', t, g: 1, d: 5 },
      { type: 'go.park', t, g: 1, reason: 'sleep' },
      { type: 'timer.fire', t: 5, g: 0, timer: 1 },
      { type: 'go.unpark', t: 5, g: 1 },
      { type: 'go.panic', t: 5, g: 1, value: 'boom' },
      { type: 'go.exit', t: 5, g: 1 },
    ];
    expect(schedulerEvents(trace)).toEqual([
      { kind: 'create', g: 1, parent: 0, fn: 'main.main' },
      run(1),
      { kind: 'park', g: 1, reason: 'sleep' },
      ready(1, 0),
      run(1),
    ]);
  });
});

describe("the lesson's snippets, recorded as the page records them", () => {
  const built = useBuiltPackages();
  const read = (rel: string) => readFileSync(path.join(snippetsDir, rel), 'utf8');
  /** Go's recorded output without the `$ go run .` line. */
  const goLines = (dir: string) => read(`${dir}/main.go.out`).trimEnd().split('\n').slice(1);
  const runner = new NodeRunner();
  const stdoutUnder = async (source: string, schedule: string) => {
    const meta = labMetaSchema.parse({
      title: { en: 's', 'zh-cn': 's' },
      lesson: 'snippets',
      kind: 'demo',
      instructions: { en: 's', 'zh-cn': 's' },
      clock: 'virtual',
    });
    const files = { 'main.ts': source };
    let stdout = '';
    await runLab(
      { id: 'lessons/snippet', meta, starter: files, solution: files, check: '' },
      {
        mode: 'run',
        packages: built.current,
        runner,
        schedule,
        onText: (text, stream) => {
          if (stream === 'stdout') stdout += text;
        },
      },
    );
    return stdout.trimEnd().split('\n');
  };

  const recorded = new Map<string, ReturnType<typeof recordRunQueue>>();
  /** The page's recording of a snippet (searched once per file: gosched's takes a few dozen runs). */
  const shownRun = (dir: string) => {
    let recording = recorded.get(dir);
    if (recording === undefined) {
      recording = recordRunQueue(read(`${dir}/main.ts`), { name: dir, packages: built.current });
      recorded.set(dir, recording);
    }
    return recording;
  };

  describe.each([
    { dir: 'scheduler/run-next', main: 'main: done', mainFrom: 'runnext', yields: 0 },
    { dir: 'scheduler/gosched', main: 'main: after Gosched', mainFrom: 'global-batch', yields: 1 },
  ])('$dir', ({ dir, main, mainFrom, yields }) => {
    it('predicts the order Go prints with one P: C (runnext), A, B (the local queue), then main', async () => {
      const source = read(`${dir}/main.ts`);
      const shown = await shownRun(dir);
      expect(shown.schedule).toMatch(/^rw-\d+$/);
      expect(shown.model.agrees).toBe(true);
      expect(shown.model.yields).toBe(yields);
      // The goroutines are G2, G3, G4 in the order main starts them: A, B, C.
      const names: Record<number, string> = { 2: 'goroutine A', 3: 'goroutine B', 4: 'goroutine C', 1: main };
      const predicted = shown.model.order.slice(1).map((g) => names[g]);
      expect(predicted).toEqual(goLines(dir));
      const mainAgain = shown.model.steps.filter((s) => s.event.kind === 'run' && s.event.g === 1).at(-1);
      expect(mainAgain?.switch?.p?.from).toBe(mainFrom);
      // gort, made to follow the P by that schedule, prints what Go printed.
      expect(await stdoutUnder(source, shown.schedule ?? '')).toEqual(goLines(dir));
    });

    it("replays gort's default run on the FIFO queue it models, and finds the P disagreeing when main stops", async () => {
      const { fifo } = await shownRun(dir);
      const switches = fifo.steps.flatMap((s) => (s.switch === undefined ? [] : [s.switch]));
      expect(switches.every((s) => s.gort === s.actual.g)).toBe(true);
      expect(fifo.order).toEqual([1, 2, 3, 4, 1]);
      expect(fifo.agrees).toBe(false);
      expect(switches[1]).toEqual({
        p: { g: 4, from: 'runnext', place: 'runnext' },
        gort: 2,
        actual: { g: 2, from: 'out-of-turn', place: 'local' },
      });
    });

    it('fails, naming the snippet, when no schedule tried makes the P’s choices', async () => {
      const error = await recordRunQueue(read(`${dir}/main.ts`), {
        name: dir,
        packages: built.current,
        tries: 2,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RunQueueRecordError);
      expect(String(error)).toContain(
        `${dir}: none of gort's default run and the explored schedules rw-1 … rw-2`,
      );
    });
  });
});
