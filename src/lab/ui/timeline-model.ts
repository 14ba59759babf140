/**
 * The Timeline's model: a run's trace (the host's `trace` message) plus the learner's source that
 * ran → one lane per goroutine with its states over the run, and the steps worth showing, each with
 * one sentence (an i18n key and its values) and the learner's line it happened at. The view words
 * and draws it (timeline-tab.ts).
 *
 * The axis is the order of steps: a program on the virtual clock does most of its work at one
 * instant, so time alone would stack everything at 0 ms; every step carries its clock time.
 * States follow gort's scheduler, which runs one goroutine at a time: a goroutine is `running` from
 * its first event after being runnable until another one acts, `runnable` after `go` or a wake,
 * `blocked` with Go's wait reason from its park until its wake. Steps: a handoff on an unbuffered
 * channel (the sender's `chan.send` directly followed by the receiver's `chan.recv`) is one step
 * from sender to receiver with the value; on a buffered channel a send into and a receive out of
 * the buffer are a step each, with the buffer's length; close, a receive from a closed channel,
 * a select's chosen case, `go`, a park, sleeps and timers, a goroutine's return, a panic (or fatal
 * error) and the end of the program (exit status, deadlock) are one step each.
 *
 * A channel's state at a step (its buffer's values, whether it is closed, the goroutines parked to
 * send on it or receive from it) is replayed on demand from the model's channel operations
 * (`channelsAt`, or ChannelReplay from its nearest snapshot); a parked goroutine's channel is the one
 * its operation later completes on, or, if it never does (a deadlock), the one its line names. A goroutine parked in a select waits on all its
 * cases' channels, which the trace does not list: it is on no channel's list (its lane says select).
 *
 * Invariants: steps are in trace order (a full buffered channel's receive, which Go does before
 * moving the parked sender's value in, comes before that send); each lane's segments cover its
 * goroutine's life without gaps or overlaps, in step coordinates; channel names come from the
 * source (source-names.ts) or fall back to the channel's number, never invented. Pure: no DOM.
 */
import type { SourceLocation, TraceEvent, WaitReason } from 'gort';
import { traceEventsOf, type TraceMessage } from '../protocol.ts';
import type { LabStringKey } from './i18n.ts';
import { declaredName, receiverName, selectCaseName, type SourceFiles } from './source-names.ts';
import type { Phrase } from './stuck-model.ts';

export type LaneState = 'running' | 'runnable' | 'blocked';

/** A stretch of one goroutine's life: `state` from step `from` up to (not including) step `to`. */
export interface Segment {
  readonly state: LaneState;
  readonly reason?: WaitReason;
  readonly from: number;
  readonly to: number;
}

export interface Lane {
  readonly g: number;
  /** The goroutine's Go function name (`main.main`, `main.worker`). */
  readonly fn: string;
  /** The step it was started at, and the one it ended at (or the last step + 1 while alive). */
  readonly from: number;
  readonly to: number;
  readonly segments: readonly Segment[];
}

export type StepKind =
  | 'start'
  | 'handoff'
  | 'send'
  | 'recv'
  | 'closed-recv'
  | 'close'
  | 'select'
  | 'park'
  | 'sleep'
  | 'wake'
  | 'timer-set'
  | 'timer-fire'
  | 'exit'
  | 'panic'
  | 'end';

export interface Step {
  readonly kind: StepKind;
  /** Clock time in ms. */
  readonly t: number;
  /** The goroutine that acts (0: the runtime). */
  readonly g: number;
  /** The goroutine on the other side: a handoff's receiver, a `go`'s new goroutine. */
  readonly to?: number;
  /** The channel, for channel steps. */
  readonly ch?: number;
  readonly text: Phrase;
  /** The learner's line it happened at, when the trace has it. */
  readonly at: SourceLocation | null;
}

/** How the run ended, from the run's outcome (the trace has no event for it). */
export interface TimelineEnd {
  readonly code: number;
  readonly deadlock: boolean;
}

/** What happened to a channel at step `step` (replayed by `channelsAt`). */
type ChannelOp =
  | {
      readonly step: number;
      readonly ch: number;
      readonly op: 'make';
      readonly cap: number;
      readonly name: Phrase;
    }
  | { readonly step: number; readonly ch: number; readonly op: 'push'; readonly value: Phrase | string }
  | { readonly step: number; readonly ch: number; readonly op: 'shift' | 'close' }
  | {
      readonly step: number;
      readonly ch: number;
      readonly op: 'wait' | 'done';
      readonly g: number;
      readonly side: 'send' | 'recv';
    };

/** A channel as it is after a step. */
export interface ChannelState {
  readonly ch: number;
  readonly name: Phrase;
  readonly cap: number;
  /** The buffered values, oldest first. */
  readonly buffer: readonly (Phrase | string)[];
  readonly closed: boolean;
  /** Goroutines parked sending on it, and receiving from it, in the order they parked. */
  readonly senders: readonly number[];
  readonly receivers: readonly number[];
}

export interface TimelineModel {
  readonly lanes: readonly Lane[];
  readonly steps: readonly Step[];
  /** The channel operations, in step order (read through `channelsAt`). */
  readonly channelOps: readonly ChannelOp[];
  /** Events in the trace, and how many the host had (more: the trace was cut). */
  readonly events: number;
  readonly total: number;
}

const who = (g: number): Phrase =>
  g === 1
    ? { key: 'timeline.main' }
    : g === 0
      ? { key: 'timeline.runtime' }
      : { key: 'timeline.goroutine', values: { id: g } };

const valueText = (e: { value?: unknown }): Phrase | string =>
  typeof e.value === 'string' ? e.value : { key: 'timeline.aValue' };

/**
 * The channels' names read from the source at the lines the trace names: what the operations on a
 * channel call it, or else what it was assigned to where it was made.
 */
function channelNames(events: readonly TraceEvent[], files: SourceFiles): Map<number, string> {
  const names = new Map<number, string>();
  const name = (ch: number, n: string | null) => {
    if (n !== null && !names.has(ch)) names.set(ch, n);
  };
  events.forEach((e, i) => {
    if ((e.type === 'chan.send' || e.type === 'chan.recv' || e.type === 'chan.close') && e.at) {
      const plain = receiverName(files, e.at);
      if (plain !== null) name(e.ch, plain);
      else {
        // A select's case: the select event by the same goroutine at the same line names the case.
        const sel = events.slice(i + 1, i + 4).find((s) => s.type === 'select' && s.g === e.g);
        if (sel?.type === 'select' && sel.at) name(e.ch, selectCaseName(files, sel.at, sel.case));
      }
    }
  });
  for (const e of events) {
    if (e.type === 'chan.make' && e.at) name(e.ch, declaredName(files, e.at));
  }
  return names;
}

/** The model of a trace message, for the files that ran and the run's end (null: not known). */
export function timelineModel(
  message: TraceMessage,
  files: SourceFiles,
  end: TimelineEnd | null = null,
): TimelineModel {
  const build = buildTimelineModel(message, files, end);
  for (;;) {
    const next = build.next();
    if (next.done === true) return next.value;
  }
}

/** Events read between two pauses of timelineModelInSlices (a few milliseconds of work). */
const SLICE_EVENTS = 4096;

/**
 * The same model, built a slice of SLICE_EVENTS events at a time with `pause()` awaited between two
 * slices (the view gives the page its turn there), so a trace of 100,000 events never holds the
 * page for the whole build.
 */
export async function timelineModelInSlices(
  message: TraceMessage,
  files: SourceFiles,
  end: TimelineEnd | null,
  pause: () => Promise<void>,
): Promise<TimelineModel> {
  const build = buildTimelineModel(message, files, end);
  for (;;) {
    const next = build.next();
    if (next.done === true) return next.value;
    await pause();
  }
}

function* buildTimelineModel(
  message: TraceMessage,
  files: SourceFiles,
  end: TimelineEnd | null,
): Generator<void, TimelineModel, void> {
  const events = traceEventsOf(message);
  const names = channelNames(events, files);
  const chan = (ch: number): Phrase =>
    names.has(ch)
      ? { key: 'timeline.chan', values: { name: names.get(ch)! } }
      : { key: 'timeline.chanUnnamed', values: { id: ch } };
  const caps = new Map<number, number>();
  const lens = new Map<number, number>();
  const sleepTimers = new Map<number, number>();
  const sleeping = new Set<number>();

  const steps: Step[] = [];
  const ops: ChannelOp[] = [];
  /**
   * Goroutines parked on a channel operation whose channel is not known yet: the index of their
   * `wait` op (pushed with channel -1, filled in when the operation completes or at the end).
   */
  type Wait = { index: number; step: number; side: 'send' | 'recv'; at: SourceLocation | undefined };
  const waiting = new Map<number, Wait>();
  const parkedOn = (g: number, reason: WaitReason, at: SourceLocation | undefined) => {
    if (reason !== 'chan send' && reason !== 'chan receive') return;
    const w: Wait = {
      index: ops.length,
      step: steps.length - 1,
      side: reason === 'chan send' ? 'send' : 'recv',
      at,
    };
    ops.push({ step: w.step, ch: -1, op: 'wait', g, side: w.side });
    waiting.set(g, w);
  };
  const waitsOn = (g: number, w: Wait, ch: number) => {
    ops[w.index] = { step: w.step, ch, op: 'wait', g, side: w.side };
  };
  /** Goroutine `g`'s operation on `ch` completed at the step just added: its wait (if any) ends. */
  const completes = (g: number, ch: number) => {
    const w = waiting.get(g);
    if (w === undefined) return;
    waiting.delete(g);
    waitsOn(g, w, ch);
    ops.push({ step: steps.length - 1, ch, op: 'done', g, side: w.side });
  };
  const lanes = new Map<number, { fn: string; from: number; to: number | null; segments: Segment[] }>();
  const state = new Map<number, { state: LaneState; reason?: WaitReason; from: number }>();
  let running = 0;

  const setState = (g: number, s: LaneState, reason?: WaitReason) => {
    const lane = lanes.get(g);
    const cur = state.get(g);
    if (lane === undefined || cur === undefined) return;
    if (cur.state === s && cur.reason === reason) return;
    const at = steps.length;
    if (at > cur.from) lane.segments.push({ ...cur, to: at });
    state.set(g, reason === undefined ? { state: s, from: at } : { state: s, reason, from: at });
    if (s === 'running') running = g;
    else if (running === g) running = 0;
  };
  const acts = (g: number) => {
    const cur = state.get(g);
    if (cur === undefined || cur.state === 'blocked' || running === g) return;
    if (running !== 0) setState(running, 'runnable');
    setState(g, 'running');
  };
  const step = (s: Omit<Step, 'at'>, at?: SourceLocation) => steps.push({ ...s, at: at ?? null });
  const phrase = (key: LabStringKey, values: Phrase['values']): Phrase => ({ key, values: values! });
  const lenOf = (ch: number) => ({ len: lens.get(ch) ?? 0, cap: caps.get(ch) ?? 0 });

  const recvFromBuffer = (e: TraceEvent & { type: 'chan.recv' }) => {
    lens.set(e.ch, Math.max(0, (lens.get(e.ch) ?? 0) - 1));
    ops.push({ step: steps.length, ch: e.ch, op: 'shift' });
    step(
      {
        kind: 'recv',
        t: e.t,
        g: e.g,
        ch: e.ch,
        text: phrase('timeline.recvBuffer', {
          who: who(e.g),
          value: valueText(e),
          chan: chan(e.ch),
          ...lenOf(e.ch),
        }),
      },
      e.at,
    );
    completes(e.g, e.ch);
  };
  /** A step that names only the goroutine and the channel (close, a receive from a closed channel). */
  const chanStep = (
    kind: StepKind,
    key: LabStringKey,
    e: { t: number; g: number; ch: number; at?: SourceLocation },
  ) => step({ kind, t: e.t, g: e.g, ch: e.ch, text: phrase(key, { who: who(e.g), chan: chan(e.ch) }) }, e.at);
  /** Receive events already shown with their send (a handoff, a full buffer's pair). */
  const consumed = new Set<number>();

  for (let i = 0; i < events.length; i++) {
    if (i > 0 && i % SLICE_EVENTS === 0) yield;
    if (consumed.has(i)) continue;
    const e = events[i]!;
    switch (e.type) {
      case 'go.start': {
        lanes.set(e.g, { fn: e.fn, from: steps.length, to: null, segments: [] });
        state.set(e.g, { state: 'runnable', from: steps.length });
        if (e.parent !== 0) {
          acts(e.parent);
          step({
            kind: 'start',
            t: e.t,
            g: e.parent,
            to: e.g,
            text: phrase('timeline.start', { who: who(e.parent), new: who(e.g), fn: e.fn }),
          });
        }
        break;
      }
      case 'go.park':
        if (sleeping.has(e.g)) setState(e.g, 'blocked', e.reason);
        else {
          acts(e.g);
          setState(e.g, 'blocked', e.reason);
          step(
            {
              kind: 'park',
              t: e.t,
              g: e.g,
              text: phrase('timeline.park', { who: who(e.g), reason: e.reason }),
            },
            e.at,
          );
          parkedOn(e.g, e.reason, e.at);
        }
        break;
      case 'go.unpark':
        setState(e.g, 'runnable');
        break;
      case 'go.exit': {
        acts(e.g);
        step({
          kind: 'exit',
          t: e.t,
          g: e.g,
          text: phrase(e.g === 1 ? 'timeline.mainReturns' : 'timeline.exit', { who: who(e.g) }),
        });
        const lane = lanes.get(e.g);
        const cur = state.get(e.g);
        if (lane !== undefined && cur !== undefined) {
          if (steps.length > cur.from) lane.segments.push({ ...cur, to: steps.length });
          lane.to = steps.length;
          state.delete(e.g);
          if (running === e.g) running = 0;
        }
        break;
      }
      case 'go.panic':
        acts(e.g);
        step(
          {
            kind: 'panic',
            t: e.t,
            g: e.g,
            text: phrase(e.fatal === true ? 'timeline.fatal' : 'timeline.panic', {
              who: who(e.g),
              value: e.value,
            }),
          },
          e.at,
        );
        break;
      case 'chan.make':
        caps.set(e.ch, e.cap);
        // Seen from the next step on (making a channel is no step of its own).
        ops.push({ step: steps.length, ch: e.ch, op: 'make', cap: e.cap, name: chan(e.ch) });
        break;
      case 'chan.send': {
        // The other side of the same operation follows, maybe after the woken goroutine's unpark.
        let j = i + 1;
        while (events[j]?.type === 'go.unpark') j++;
        const next = events[j];
        const pair = next?.type === 'chan.recv' && next.ch === e.ch && next.g !== e.g ? next : null;
        const senderParked = state.get(e.g)?.state === 'blocked';
        if (pair !== null) consumed.add(j);
        if (pair !== null && ((caps.get(e.ch) ?? 0) === 0 || !senderParked)) {
          // One rendezvous (or a send straight to a parked receiver): one step, sender → receiver.
          acts(senderParked ? pair.g : e.g);
          step(
            {
              kind: 'handoff',
              t: e.t,
              g: e.g,
              to: pair.g,
              ch: e.ch,
              text: phrase('timeline.handoff', {
                from: who(e.g),
                value: valueText(e),
                chan: chan(e.ch),
                to: who(pair.g),
              }),
            },
            senderParked ? pair.at : e.at,
          );
          completes(e.g, e.ch);
          completes(pair.g, e.ch);
          break;
        }
        if (pair !== null) {
          // A full buffer: the receiver takes the head first, then the parked sender's value moves in.
          acts(pair.g);
          recvFromBuffer(pair);
        } else acts(e.g);
        lens.set(e.ch, (lens.get(e.ch) ?? 0) + 1);
        ops.push({ step: steps.length, ch: e.ch, op: 'push', value: valueText(e) });
        step(
          {
            kind: 'send',
            t: e.t,
            g: e.g,
            ch: e.ch,
            text: phrase('timeline.sendBuffer', {
              who: who(e.g),
              value: valueText(e),
              chan: chan(e.ch),
              ...lenOf(e.ch),
            }),
          },
          e.at,
        );
        completes(e.g, e.ch);
        break;
      }
      case 'chan.recv':
        acts(e.g);
        if (e.ok) recvFromBuffer(e);
        else {
          chanStep('closed-recv', 'timeline.recvClosed', e);
          completes(e.g, e.ch);
        }
        break;
      case 'chan.close':
        acts(e.g);
        ops.push({ step: steps.length, ch: e.ch, op: 'close' });
        chanStep('close', 'timeline.close', e);
        break;
      case 'select':
        acts(e.g);
        step(
          {
            kind: 'select',
            t: e.t,
            g: e.g,
            text:
              e.case === 'default'
                ? phrase('timeline.selectDefault', { who: who(e.g) })
                : phrase('timeline.select', { who: who(e.g), case: e.case }),
          },
          e.at,
        );
        break;
      case 'sleep':
        acts(e.g);
        sleeping.add(e.g);
        step({ kind: 'sleep', t: e.t, g: e.g, text: phrase('timeline.sleep', { who: who(e.g), d: e.d }) });
        break;
      case 'timer.set':
        if (sleeping.has(e.g) && ![...sleepTimers.values()].includes(e.g)) sleepTimers.set(e.timer, e.g);
        else {
          acts(e.g);
          step({
            kind: 'timer-set',
            t: e.t,
            g: e.g,
            text: phrase('timeline.timerSet', { who: who(e.g), when: e.when }),
          });
        }
        break;
      case 'timer.fire': {
        const sleeper = sleepTimers.get(e.timer);
        if (sleeper !== undefined) {
          sleepTimers.delete(e.timer);
          sleeping.delete(sleeper);
          step({
            kind: 'wake',
            t: e.t,
            g: sleeper,
            text: phrase('timeline.wake', { who: who(sleeper), t: e.t }),
          });
        } else step({ kind: 'timer-fire', t: e.t, g: 0, text: phrase('timeline.timerFire', { t: e.t }) });
        break;
      }
    }
  }
  if (end !== null) {
    const last = events.at(-1)?.t ?? 0;
    step({
      kind: 'end',
      t: last,
      g: 0,
      text: end.deadlock ? { key: 'timeline.end.deadlock' } : phrase('timeline.end.exit', { code: end.code }),
    });
  }
  // Waits that never ended (a deadlock, or the program ended first): the channel their line names.
  const byName = new Map<string, number>();
  for (const [ch, n] of names) if (!byName.has(n)) byName.set(n, ch);
  for (const [g, w] of waiting) {
    const n = w.at === undefined ? null : receiverName(files, w.at);
    const ch = n === null ? undefined : byName.get(n);
    if (ch !== undefined) waitsOn(g, w, ch);
  }
  const stop = steps.length;
  const out: Lane[] = [];
  for (const [g, lane] of [...lanes].sort((a, b) => a[0] - b[0])) {
    const cur = state.get(g);
    const segments = [...lane.segments];
    if (cur !== undefined && stop > cur.from) segments.push({ ...cur, to: stop });
    out.push({ g, fn: lane.fn, from: lane.from, to: lane.to ?? stop, segments });
  }
  return {
    lanes: out,
    steps,
    channelOps: ops.filter((op) => op.ch !== -1),
    events: events.length,
    total: message.total,
  };
}

/** A channel while it is being replayed (mutable; copied out as a ChannelState). */
interface LiveChannel {
  name: Phrase;
  cap: number;
  buffer: (Phrase | string)[];
  closed: boolean;
  senders: number[];
  receivers: number[];
}

type LiveChannels = Map<number, LiveChannel>;

function applyOp(live: LiveChannels, op: ChannelOp): void {
  if (op.op === 'make') {
    live.set(op.ch, { name: op.name, cap: op.cap, buffer: [], closed: false, senders: [], receivers: [] });
    return;
  }
  const c = live.get(op.ch);
  if (c === undefined) return;
  switch (op.op) {
    case 'push':
      c.buffer.push(op.value);
      break;
    case 'shift':
      c.buffer.shift();
      break;
    case 'close':
      c.closed = true;
      break;
    case 'wait':
      (op.side === 'send' ? c.senders : c.receivers).push(op.g);
      break;
    case 'done': {
      const list = op.side === 'send' ? c.senders : c.receivers;
      const i = list.indexOf(op.g);
      if (i >= 0) list.splice(i, 1);
      break;
    }
  }
}

function copyLive(live: LiveChannels): LiveChannels {
  const out: LiveChannels = new Map();
  for (const [ch, c] of live)
    out.set(ch, { ...c, buffer: [...c.buffer], senders: [...c.senders], receivers: [...c.receivers] });
  return out;
}

const channelStates = (live: LiveChannels): ChannelState[] => [...live].map(([ch, c]) => ({ ch, ...c }));

/**
 * Every channel made by step `k`, as it is after that step, in the order they were made. Replays the
 * channel operations up to `k`: linear in them (the reference for ChannelReplay, which the view uses).
 */
export function channelsAt(model: TimelineModel, k: number): ChannelState[] {
  const live: LiveChannels = new Map();
  for (const op of model.channelOps) {
    if (op.step > k) break;
    applyOp(live, op);
  }
  return channelStates(live);
}

/**
 * How many of `items` come before the first one `before` is false for (they are sorted so that
 * `before` holds for a prefix): a binary search.
 */
export function countLeading<T>(items: readonly T[], before: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(items[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Operations between two snapshots: a move replays at most this many. */
const SNAPSHOT_EVERY = 512;

/**
 * `channelsAt` for a view that asks at every slider move: a snapshot of every channel after each
 * SNAPSHOT_EVERY operations (taken in one pass when first asked), so any step costs a binary search,
 * one copy and at most SNAPSHOT_EVERY operations, however long the run. Invariant: `at(k)` equals
 * `channelsAt(model, k)` for every k.
 */
export class ChannelReplay {
  readonly #ops: readonly ChannelOp[];
  /** snapshots[i]: the channels after the first i * SNAPSHOT_EVERY operations. */
  #snapshots: LiveChannels[] | null = null;

  constructor(model: TimelineModel) {
    this.#ops = model.channelOps;
  }

  at(k: number): ChannelState[] {
    const ops = this.#ops;
    const lo = countLeading(ops, (op) => op.step <= k);
    const snapshots = (this.#snapshots ??= this.#snapshot());
    const i = Math.floor(lo / SNAPSHOT_EVERY);
    const live = copyLive(snapshots[i]!);
    for (let j = i * SNAPSHOT_EVERY; j < lo; j++) applyOp(live, ops[j]!);
    return channelStates(live);
  }

  #snapshot(): LiveChannels[] {
    const live: LiveChannels = new Map();
    const out = [copyLive(live)];
    this.#ops.forEach((op, j) => {
      applyOp(live, op);
      if ((j + 1) % SNAPSHOT_EVERY === 0) out.push(copyLive(live));
    });
    return out;
  }
}
