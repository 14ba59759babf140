/**
 * The run-queue model: one P of Go's scheduler with GOMAXPROCS=1, as `runtime/proc.go` (Go 1.26)
 * holds it, stepped through the scheduler events of a recorded gort run. `<RunQueueModel>` words and
 * draws it (RunQueueModel.astro); the recording comes from run-queue-record.ts.
 *
 * Two parts:
 *  - `schedulerEvents` reads a gort trace into the events a P sees: a goroutine is created, becomes
 *    runnable (readied), starts running, blocks with its wait reason, yields, exits. The trace has no
 *    "starts running" event: gort runs one goroutine at a time, so a goroutine runs from its first
 *    event after a switch, and one that stops acting without having blocked or exited has yielded
 *    (`gosched()`, or gort's preemption). A `go.unpark` names the woken goroutine, not the waker: the
 *    waker is the running goroutine, or the next goroutine to act when nobody has acted since the
 *    last switch, or the runtime after a timer fired.
 *  - `runQueueModel` applies them to a P with Go's rules:
 *      newproc puts the new G in runnext, `runqput(pp, newg, true)`, and the G it displaces goes to
 *      the tail of the local queue; `ready` (a wake by a channel, a lock, a WaitGroup, a timer) puts
 *      the G in runnext the same way; a full local queue (256) makes `runqputslow` move its first
 *      half and the kicked G to the global queue; a yield (`goschedImpl`, also preemption's) puts the
 *      G on the global queue (`globrunqput`); at each switch `findRunnable` takes one G from the
 *      global queue when `schedtick%61 == 0`, else `runqget` (runnext first, then the local queue's
 *      head), else a batch from the global queue (`globrunqgetbatch`: the first runs, the others go
 *      to the local queue); `execute` counts `schedtick` unless the G came from runnext (it inherits
 *      the time slice).
 *    At every switch the step records three picks: the P's (`p`), what gort's own FIFO queue holds
 *    at its head (`gort`) and the goroutine the trace shows running (`actual`). Where the actual pick
 *    is not the P's, the P takes it out of whatever place it holds, and the step says it disagreed;
 *    nothing is made to agree.
 *
 * Left out: the runtime's own goroutines (GC workers, sweeper, finalizers), other Ps and stealing,
 * syscalls and the netpoller, and `-race`'s randomized `runnext`. Go's P has already scheduled the
 * runtime's start-up before `main.main` runs, so its `schedtick` is not 0 there; the model counts
 * from FIRST_SCHEDTICK and cannot know where Go's own count stands.
 *
 * Invariants: each live goroutine is in exactly one place (running, runnext, local, global,
 * blocked); the local queue never holds more than LOCAL_RUNQ_SIZE; steps are in event order and each
 * carries the whole state after it. Pure: no DOM, no words (the view words the codes).
 */
import type { TraceEvent, WaitReason } from 'gort';

/** `runq [256]guintptr` in runtime2.go's `type p struct`. */
export const LOCAL_RUNQ_SIZE = 256;
/** `findRunnable` looks at the global queue first when `schedtick % GLOBAL_CHECK_EVERY == 0`. */
export const GLOBAL_CHECK_EVERY = 61;
/** The model's `schedtick` when main starts (Go's is further on, and not knowable from a trace). */
export const FIRST_SCHEDTICK = 1;

/** What a P sees happen, read from the trace. */
export type SchedEvent =
  | { readonly kind: 'create'; readonly g: number; readonly parent: number; readonly fn: string }
  | { readonly kind: 'ready'; readonly g: number; readonly by: number }
  | { readonly kind: 'run'; readonly g: number }
  | { readonly kind: 'park'; readonly g: number; readonly reason: WaitReason }
  | { readonly kind: 'yield'; readonly g: number }
  | { readonly kind: 'exit'; readonly g: number };

/** The goroutine that did event `e` (0: the runtime), or null for an unpark (the event names the woken). */
function actorOf(e: TraceEvent): number | null {
  switch (e.type) {
    case 'go.start':
      return e.parent;
    case 'go.unpark':
      return null;
    default:
      return e.g;
  }
}

/**
 * The scheduler events of a gort trace, in order. Stops at a panic or fatal error (the program ends
 * there). Throws on a trace that contradicts one-goroutine-at-a-time (an event by a goroutine that
 * was never created).
 */
export function schedulerEvents(trace: readonly TraceEvent[]): SchedEvent[] {
  const out: SchedEvent[] = [];
  const live = new Set<number>();
  let current: number | null = null;
  let timerFired = false;
  const running = (g: number) => {
    if (g === 0 || current === g) return;
    if (!live.has(g)) throw new Error(`schedulerEvents: goroutine ${g} acts before it was created`);
    if (current !== null) out.push({ kind: 'yield', g: current });
    out.push({ kind: 'run', g });
    current = g;
  };
  for (let i = 0; i < trace.length; i++) {
    const e = trace[i]!;
    if (e.type === 'go.unpark') {
      let by = timerFired ? 0 : current;
      if (by === null) {
        // Nobody has acted since the last switch: the waker is the goroutine that acts next.
        by = 0;
        for (let j = i + 1; j < trace.length; j++) {
          const actor = actorOf(trace[j]!);
          if (actor !== null) {
            by = actor;
            break;
          }
        }
      }
      running(by);
      out.push({ kind: 'ready', g: e.g, by });
      continue;
    }
    timerFired = e.type === 'timer.fire';
    running(actorOf(e) ?? 0);
    if (e.type === 'go.panic') break;
    switch (e.type) {
      case 'go.start':
        live.add(e.g);
        out.push({ kind: 'create', g: e.g, parent: e.parent, fn: e.fn });
        break;
      case 'go.park':
        out.push({ kind: 'park', g: e.g, reason: e.reason });
        current = null;
        break;
      case 'go.exit':
        out.push({ kind: 'exit', g: e.g });
        live.delete(e.g);
        current = null;
        break;
      default:
        break;
    }
  }
  return out;
}

/** Where a runnable goroutine waits in the P. */
export type Place = 'runnext' | 'local' | 'global';

/** Where a switch takes the next goroutine from. */
export type PickFrom =
  /** `runqget`: the runnext slot (the G inherits the time slice). */
  | 'runnext'
  /** `runqget`: the head of the local queue. */
  | 'local'
  /** `globrunqget`: one G from the global queue, because `schedtick%61 == 0`. */
  | 'global-tick'
  /** `globrunqgetbatch`: the local queue was empty; the rest of the batch moves to the local queue. */
  | 'global-batch'
  /** Not where the P would look first: the run took this G out of turn. */
  | 'out-of-turn';

export interface Pick {
  readonly g: number;
  readonly from: PickFrom;
  /** The place the goroutine was taken from. */
  readonly place: Place;
}

/** What an event moved, besides the event's own goroutine. */
export type Effect =
  /** The G put in runnext displaced `g`, which went to the tail of the local queue. */
  | { readonly kind: 'kicked'; readonly g: number }
  /** The local queue was full: `runqputslow` moved these (its first half and the kicked G) to global. */
  | { readonly kind: 'spilled'; readonly gs: readonly number[] }
  /** `globrunqgetbatch` moved these from the global queue to the local queue. */
  | { readonly kind: 'batched'; readonly gs: readonly number[] };

export interface Blocked {
  readonly g: number;
  readonly reason: WaitReason;
}

/** The P (and the blocked goroutines) after a step. */
export interface PState {
  readonly running: number | null;
  readonly runnext: number | null;
  /** The local run queue, head first (at most LOCAL_RUNQ_SIZE). */
  readonly local: readonly number[];
  /** The global run queue (`sched.runq`), head first. */
  readonly global: readonly number[];
  /** Goroutines waiting, in the order they blocked. */
  readonly blocked: readonly Blocked[];
  readonly schedtick: number;
  /** gort's one run queue (first in, first out), head first, for comparison. */
  readonly gort: readonly number[];
}

/** The three answers to "who runs now?" at a switch. */
export interface Switch {
  /** What Go's P takes (null: it has nothing runnable). */
  readonly p: Pick | null;
  /** The head of gort's FIFO queue (null: empty). */
  readonly gort: number | null;
  /** Where the goroutine the trace runs came from. */
  readonly actual: Pick;
}

export interface Step {
  readonly event: SchedEvent;
  readonly effects: readonly Effect[];
  /** On `run` steps. */
  readonly switch?: Switch;
  readonly state: PState;
}

export interface RunQueueModel {
  readonly steps: readonly Step[];
  /** The goroutines in the order they were run, one entry per run step. */
  readonly order: readonly number[];
  /** Whether at every switch the trace ran the goroutine Go's P takes. */
  readonly agrees: boolean;
  /** How many times a goroutine yielded. */
  readonly yields: number;
}

/** Applies Go's rules to scheduler events (see the header). */
export function runQueueModel(events: readonly SchedEvent[]): RunQueueModel {
  let running: number | null = null;
  let runnext: number | null = null;
  const local: number[] = [];
  const global: number[] = [];
  let blocked: Blocked[] = [];
  let gort: number[] = [];
  let schedtick = FIRST_SCHEDTICK;
  let agrees = true;
  let yields = 0;
  const steps: Step[] = [];
  const order: number[] = [];

  /** `runqput(pp, g, true)`: g to runnext; the one it displaces to the local tail (or, full, global). */
  const putNext = (g: number, effects: Effect[]) => {
    const old = runnext;
    runnext = g;
    if (old === null) return;
    effects.push({ kind: 'kicked', g: old });
    if (local.length < LOCAL_RUNQ_SIZE) {
      local.push(old);
      return;
    }
    // runqputslow: the first half of the full queue, then the kicked G, to the global queue.
    const half = local.splice(0, LOCAL_RUNQ_SIZE / 2);
    global.push(...half, old);
    effects.push({ kind: 'spilled', gs: [...half, old] });
  };

  /** `findRunnable`'s choice for this P, without taking it. */
  const predict = (): Pick | null => {
    const head = global[0];
    if (schedtick % GLOBAL_CHECK_EVERY === 0 && head !== undefined) {
      return { g: head, from: 'global-tick', place: 'global' };
    }
    if (runnext !== null) return { g: runnext, from: 'runnext', place: 'runnext' };
    const first = local[0];
    if (first !== undefined) return { g: first, from: 'local', place: 'local' };
    if (head !== undefined) return { g: head, from: 'global-batch', place: 'global' };
    return null;
  };

  /** Takes g out of the place it holds (the P's pick, or out of turn). */
  const take = (g: number, pick: Pick | null, effects: Effect[]): Pick => {
    if (pick !== null && pick.g === g) {
      if (pick.place === 'runnext') runnext = null;
      else if (pick.place === 'local') local.shift();
      else {
        global.shift();
        if (pick.from === 'global-batch') {
          // globrunqgetbatch(len(pp.runq)/2): n = min(n, size, size/gomaxprocs+1) with gomaxprocs 1.
          const n = Math.min(LOCAL_RUNQ_SIZE / 2, global.length + 1) - 1;
          const batch = global.splice(0, n);
          local.push(...batch);
          if (batch.length > 0) effects.push({ kind: 'batched', gs: batch });
        }
      }
      return pick;
    }
    if (runnext === g) {
      runnext = null;
      return { g, from: 'out-of-turn', place: 'runnext' };
    }
    for (const [place, queue] of [
      ['local', local],
      ['global', global],
    ] as const) {
      const at = queue.indexOf(g);
      if (at >= 0) {
        queue.splice(at, 1);
        return { g, from: 'out-of-turn', place };
      }
    }
    throw new Error(`runQueueModel: G${g} runs but is not runnable`);
  };

  const removeGort = (g: number) => {
    gort = gort.filter((x) => x !== g);
  };

  for (const event of events) {
    const effects: Effect[] = [];
    let sw: Switch | undefined;
    switch (event.kind) {
      case 'create':
        putNext(event.g, effects);
        gort.push(event.g);
        break;
      case 'ready':
        blocked = blocked.filter((b) => b.g !== event.g);
        putNext(event.g, effects);
        gort.push(event.g);
        break;
      case 'run': {
        if (running !== null) {
          throw new Error(`runQueueModel: G${event.g} runs while G${running} is still running`);
        }
        const p = predict();
        const actual = take(event.g, p, effects);
        if (actual.from === 'out-of-turn') agrees = false;
        // execute(gp, inheritTime): a G from runnext shares the time slice and the tick.
        if (actual.place !== 'runnext') schedtick++;
        sw = { p, gort: gort[0] ?? null, actual };
        removeGort(event.g);
        running = event.g;
        order.push(event.g);
        break;
      }
      case 'park':
        running = null;
        blocked = [...blocked, { g: event.g, reason: event.reason }];
        break;
      case 'yield':
        running = null;
        global.push(event.g);
        gort.push(event.g);
        yields++;
        break;
      case 'exit':
        running = null;
        break;
    }
    steps.push({
      event,
      effects,
      ...(sw === undefined ? {} : { switch: sw }),
      // Copies: the queues go on changing in place, and each step keeps its own picture.
      state: {
        running,
        runnext,
        local: [...local],
        global: [...global],
        blocked,
        schedtick,
        gort: [...gort],
      },
    });
  }
  return { steps, order, agrees, yields };
}
