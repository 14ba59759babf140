/**
 * Go's select statement (runtime/select.go), as `await select({ name: recv(ch), other: send(ch2, v),
 * default: true })`, returning a union discriminated by `case`.
 *
 * The algorithm, in Go's passes:
 *  1. Poll: look at every case; count the ready ones (nil channels never are) and pick one of them
 *     uniformly at random with the runtime's seeded source (Go shuffles a poll order; choosing the
 *     k-th ready case for a uniform k gives the same distribution). Run it and return.
 *  2. None ready: with `default`, return it. Otherwise enqueue one sudog per case on its channel,
 *     all owned by the first (`sel`), and park once.
 *  3. When another goroutine fires one of the sudogs, it removes the others from their queues in the
 *     same step (chan.ts `wake`), so the select completes exactly one case.
 * The same channel may appear in several cases, and in a send and a receive case of one select:
 * polling treats them as independent cases, and a parked select never meets itself because only
 * another goroutine's operation dequeues its sudogs.
 */
import { Channel, NEVER, lastRecvOk, traceSelect, type Chan, type RecvChan, type SendChan } from './chan.ts';
import { RuntimeError } from './errors.ts';
import { activeRuntime } from './program.ts';
import type { Runtime } from './runtime.ts';
import { Kind, acquireSelectSudog, acquireSudog, type SelectSudog } from './sudog.ts';
import type { WaitReason } from './wait-reason.ts';

/** Brands the case classes' prototype (a symbol no other object carries; see isCase). */
const CASE: unique symbol = Symbol('gort.selectCase');

/** One case of a select: the channel (null when nil, so never ready) and what to do on it. */
export abstract class Case {
  /** The channel, validated when the case was made; null for a nil channel. */
  readonly chan: Channel<unknown, unknown> | null;
  readonly isSend: boolean;
  readonly value: unknown;
  constructor(ch: SendChan<never> | RecvChan<unknown, unknown> | null, isSend: boolean, value: unknown) {
    if (ch !== null && !(ch instanceof Channel)) throw new TypeError('select: not a gort channel');
    this.chan = ch === null || ch.isNil ? null : ch;
    this.isSend = isSend;
    this.value = value;
  }
  /** Always true, on the prototype (see isCase). */
  declare readonly [CASE]: true;
}
Object.defineProperty(Case.prototype, CASE, { value: true });

/**
 * A receive case, made by {@link recv}.
 *
 * Go: a receive case of `select` (`case v, ok := <-ch:`); make it with `recv(ch)`.
 */
export class RecvCase<T, Z> extends Case {
  /** The channel's type, for the select's typed result (`chan` holds the channel itself). */
  declare readonly ch: RecvChan<T, Z> | null;
  constructor(ch: RecvChan<T, Z> | null) {
    super(ch, false, undefined);
  }
}

/**
 * A send case, made by {@link send}.
 *
 * Go: a send case of `select` (`case ch <- v:`); make it with `send(ch, v)`.
 */
export class SendCase<T> extends Case {
  declare readonly value: T;
  constructor(ch: SendChan<T> | null, value: T) {
    super(ch, true, value);
  }
}

/**
 * `case v, ok := <-ch:` in a select (a `Chan` or a receive-only view). A null (or nil) channel is
 * never ready. (The `Chan` overload keeps `T` and `Z` apart: inferred from the view's `recv(): T | Z`
 * alone, they would merge.)
 *
 * Go: the receive case of `select`, `case v, ok := <-ch:`.
 *
 * @example
 * ```ts
 * import { chan, go, main, recv, select } from 'gort';
 *
 * main(async () => {
 *   const ch = chan<number>();
 *   go(async () => ch.send(42));
 *   const r = await select({ got: recv(ch) });
 *   if (r.case === 'got' && r.ok) console.log(r.value); // 42
 * });
 * ```
 */
export function recv<T, Z>(ch: Chan<T, Z> | null): RecvCase<T, Z>;
export function recv<T, Z>(ch: RecvChan<T, Z> | null): RecvCase<T, Z>;
export function recv<T, Z>(ch: RecvChan<T, Z> | null): RecvCase<T, Z> {
  return new RecvCase(ch);
}

/**
 * `case ch <- v:` in a select (a `Chan` or a send-only view). A null (or nil) channel is never ready.
 *
 * Go: the send case of `select`, `case ch <- v:`.
 *
 * @example
 * ```ts
 * import { chan, main, select, send } from 'gort';
 *
 * main(async () => {
 *   const ch = chan<string>(1);
 *   const r = await select({ sent: send(ch, 'hi'), default: true });
 *   console.log(r.case); // sent (the buffer had room)
 * });
 * ```
 */
export function send<T>(ch: SendChan<T> | null, value: T): SendCase<T> {
  return new SendCase(ch, value);
}

/**
 * What `select` accepts: named cases, plus `default: true` for a non-blocking select.
 *
 * Go: the cases of a `select` statement, with `default:` as `default: true`.
 */
export type SelectCases = Readonly<Record<string, RecvCase<unknown, unknown> | SendCase<unknown> | true>>;

/**
 * The result of `select(cases)`: one variant per case, discriminated by `case`.
 *
 * Go: which `case` of the `select` ran, with the received `v, ok`.
 */
export type SelectResult<C extends SelectCases> = {
  [K in keyof C & string]: K extends 'default'
    ? { readonly case: 'default' }
    : C[K] extends RecvCase<infer T, infer Z>
      ? | { readonly case: K; readonly value: T; readonly ok: true }
        | { readonly case: K; readonly value: Z; readonly ok: false }
      : C[K] extends SendCase<unknown>
        ? { readonly case: K }
        : never;
}[keyof C & string];

const DEFAULT = Object.freeze({ case: 'default' as const });

/**
 * Go's `select`: waits until one case can proceed and runs it; with `default: true` it never
 * waits. Among several ready cases one is chosen uniformly at random (seeded by `configure`).
 * `select({})` blocks forever. Resolves with `{ case, value, ok }` for a receive, `{ case }` for a
 * send and `{ case: 'default' }`; a send case on a closed channel panics like a send.
 *
 * @example
 * ```ts
 * import { chan, go, main, recv, select } from 'gort';
 * import { after, Second } from 'gort/time';
 *
 * main(async () => {
 *   const results = chan<string>();
 *   go(async () => results.send('answer'));
 *   const r = await select({ res: recv(results), timeout: recv(after(Second)) });
 *   console.log(r.case === 'res' ? r.value : 'timed out'); // answer
 * });
 * ```
 */
export function select<C extends SelectCases>(cases: C): Promise<SelectResult<C>> {
  const names = keysOf(cases);
  const all = cases as Readonly<Record<string, unknown>>;
  let n = 0;
  let nready = 0;
  let hasDefault = false;
  let rt: Runtime | null = null;
  // Pass 1: validate and note the ready cases (reads only: nothing is allocated).
  for (let i = 0; i < names.length; i++) {
    const key = names[i]!;
    const c = caseAt(all, names, i);
    if (key === 'default') {
      if (c !== true) throw new TypeError('select: `default` must be `true` (a non-blocking select)');
      hasDefault = true;
      continue;
    }
    if (!isCase(c)) {
      if (c === undefined && !(key in all)) {
        // A case was deleted from a reused cases object since its keys were cached: look again.
        // (A key that is present with the value undefined is a bad case, reported below.)
        lastCases = null;
        return select(cases);
      }
      throw new TypeError(`select: case ${key} must be recv(ch) or send(ch, v)`);
    }
    n++;
    if (rt === null && c.chan !== null) rt = c.chan.rt;
    nready = pollCase(c, i, nready);
  }
  rt ??= activeRuntime();
  if (rt.done) return NEVER;

  if (nready > 0) {
    const chosen = chooseReady(rt, nready);
    const key = names[chosen]!;
    const c = caseAt(all, names, chosen) as Case;
    const v = fireCase(c);
    const result = c.isSend ? { case: key } : { case: key, value: v, ok: lastRecvOk };
    if (rt.trace !== null) traceSelect(rt, key);
    return rt.completed(result) as Promise<SelectResult<C>>;
  }
  if (hasDefault) {
    if (rt.trace !== null) traceSelect(rt, 'default');
    return rt.completed(DEFAULT) as Promise<SelectResult<C>>;
  }

  // Pass 2: enqueue on every channel, park once.
  let owner: SelectSudog | null = null;
  let last: SelectSudog | null = null;
  let only: Case | null = null;
  for (let i = 0; i < names.length; i++) {
    const c = caseAt(all, names, i);
    if (!isCase(c)) continue;
    only = c;
    if (c.chan === null) continue;
    last = enqueueCase(c, names[i]!, owner, last);
    owner ??= last;
  }
  // A select with one case is Go's plain channel operation (the compiler rewrites it), so it
  // parks with that operation's wait reason.
  let reason: WaitReason = 'select';
  if (n === 0) reason = 'select (no cases)';
  else if (n === 1 && only !== null) {
    if (only.chan === null) reason = only.isSend ? 'chan send (nil chan)' : 'chan receive (nil chan)';
    else reason = only.isSend ? 'chan send' : 'chan receive';
  }
  return parkSelect(rt, owner, reason) as Promise<SelectResult<C>>;
}

/** Pass 1 for case `i`: when it is ready, notes it in `readyIdx`; returns the new ready count. */
export function pollCase(c: Case, i: number, nready: number): number {
  const ch = c.chan;
  if (ch !== null && (c.isSend ? ch.sendReady() : ch.recvReady())) readyIdx[nready++] = i;
  return nready;
}

/** One of the `nready` cases pass 1 noted, uniformly (Go shuffles a poll order: the same law). */
export function chooseReady(rt: Runtime, nready: number): number {
  return readyIdx[nready === 1 ? 0 : rt.rand.intn(nready)]!;
}

/**
 * Runs a case that pass 1 found ready (Go's pass 1 body): a receive returns the value and leaves
 * `ok` in `lastRecvOk`; a send returns undefined, or panics like a send if the channel is closed.
 */
export function fireCase(c: Case): unknown {
  const ch = c.chan!;
  if (!c.isSend) return ch.recvNow();
  if (ch.closed) throw new RuntimeError('send on closed channel');
  ch.sendNow(c.value);
  return undefined;
}

/**
 * Pass 2 for one case on a non-nil channel: enqueues a sudog labelled `label` (the case name, or
 * reflect.select's index) after `last`, owned by `owner` (itself when it is the first). Returns it.
 */
export function enqueueCase(
  c: Case,
  label: string | number,
  owner: SelectSudog | null,
  last: SelectSudog | null,
): SelectSudog {
  const ch = c.chan!;
  const sd = acquireSelectSudog(c.isSend ? Kind.SelectSend : Kind.Select, c.value, label);
  sd.owner = owner ?? sd;
  if (last !== null) last.waitlink = sd;
  (c.isSend ? ch.sendq : ch.recvq).enqueue(sd);
  return sd;
}

/** Parks the select whose cases `owner` heads (a select of nil channels only: forever). */
export function parkSelect(rt: Runtime, owner: SelectSudog | null, reason: WaitReason): Promise<unknown> {
  return rt.park(owner ?? acquireSudog(Kind.Plain, undefined), reason);
}

/**
 * Whether `c` is a case made by recv() or send(). The same answer as `instanceof Case`, but a
 * load of a prototype constant: one map check where `instanceof` walks the prototype chain.
 */
export function isCase(c: unknown): c is Case {
  return typeof c === 'object' && c !== null && (c as Case)[CASE] === true;
}

/** Pass 1's ready cases, by index (reused: select never runs inside another select). */
const readyIdx: number[] = [];

// A select statement in a loop may pass the same cases object again and again (hot loops do);
// its keys are then looked up once. A fresh object literal per call (the usual lesson style)
// takes Object.keys. Reusing an object after adding a key to it is not supported (Go's select
// statements are fixed too); deleting one is noticed in pass 1.
let lastCases: object | null = null;
let lastKeys: string[] = [];
function keysOf(cases: object): string[] {
  if (cases !== lastCases) {
    lastKeys = Object.keys(cases);
    lastCases = cases;
  }
  return lastKeys;
}

/**
 * `all[names[i]]`, with one property load site per case position for the first eight cases: a
 * select statement run in a loop meets the same key at each site, so each load stays a
 * monomorphic field read instead of a megamorphic lookup by name.
 */
function caseAt(all: Readonly<Record<string, unknown>>, names: string[], i: number): unknown {
  switch (i) {
    case 0:
      return all[names[0]!];
    case 1:
      return all[names[1]!];
    case 2:
      return all[names[2]!];
    case 3:
      return all[names[3]!];
    case 4:
      return all[names[4]!];
    case 5:
      return all[names[5]!];
    case 6:
      return all[names[6]!];
    case 7:
      return all[names[7]!];
    default:
      return all[names[i]!];
  }
}
