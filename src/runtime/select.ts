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
import { Channel, lastRecvOk, type Chan } from './chan.ts';
import { RuntimeError } from './errors.ts';
import { activeRuntime } from './program.ts';
import type { Runtime } from './runtime.ts';
import { Kind, SelectSudog, Sudog } from './sudog.ts';
import type { WaitReason } from './wait-reason.ts';

/** A receive case, made by {@link recv}. */
export class RecvCase<T, Z> {
  readonly ch: Chan<T, Z> | null;
  constructor(ch: Chan<T, Z> | null) {
    this.ch = ch;
  }
}

/** A send case, made by {@link send}. */
export class SendCase<T> {
  readonly ch: Chan<T, unknown> | null;
  readonly value: T;
  constructor(ch: Chan<T, unknown> | null, value: T) {
    this.ch = ch;
    this.value = value;
  }
}

/** `case v, ok := <-ch:` in a select. A null (or nil) channel is never ready. */
export function recv<T, Z>(ch: Chan<T, Z> | null): RecvCase<T, Z> {
  return new RecvCase(ch);
}

/** `case ch <- v:` in a select. A null (or nil) channel is never ready. */
export function send<T>(ch: Chan<T, unknown> | null, value: T): SendCase<T> {
  return new SendCase(ch, value);
}

/** What `select` accepts: named cases, plus `default: true` for a non-blocking select. */
export type SelectCases = Readonly<Record<string, RecvCase<unknown, unknown> | SendCase<unknown> | true>>;

/** The result of `select(cases)`: one variant per case, discriminated by `case`. */
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

// Scratch space for pass 1 (select runs it synchronously, so one set serves every select).
const keys: string[] = [];
const chans: (Channel<unknown, unknown> | null)[] = [];
const values: unknown[] = [];
const isSend: boolean[] = [];
const ready: boolean[] = [];

function asChannel(ch: Chan<unknown, unknown> | null, key: string): Channel<unknown, unknown> | null {
  if (ch === null) return null;
  if (!(ch instanceof Channel)) throw new TypeError(`select: case ${key}: not a gort channel`);
  return ch.isNil ? null : ch;
}

/**
 * Go's `select`: waits until one case can proceed and runs it; with `default: true` it never
 * waits. Among several ready cases one is chosen uniformly at random (seeded by `configure`).
 * `select({})` blocks forever. Resolves with `{ case, value, ok }` for a receive, `{ case }` for a
 * send and `{ case: 'default' }`; a send case on a closed channel panics like a send.
 */
export function select<C extends SelectCases>(cases: C): Promise<SelectResult<C>> {
  let n = 0;
  let nready = 0;
  let hasDefault = false;
  let rt: Runtime | null = null;
  for (const key in cases) {
    const c = cases[key];
    if (key === 'default') {
      if (c !== true) throw new TypeError('select: `default` must be `true` (a non-blocking select)');
      hasDefault = true;
      continue;
    }
    let ch: Channel<unknown, unknown> | null;
    let r: boolean;
    if (c instanceof RecvCase) {
      ch = asChannel(c.ch, key);
      r = ch !== null && ch.recvReady();
      isSend[n] = false;
      values[n] = undefined;
    } else if (c instanceof SendCase) {
      ch = asChannel(c.ch, key);
      r = ch !== null && ch.sendReady();
      isSend[n] = true;
      values[n] = c.value;
    } else {
      throw new TypeError(`select: case ${key} must be recv(ch) or send(ch, v)`);
    }
    if (ch !== null) rt ??= ch.rt;
    keys[n] = key;
    chans[n] = ch;
    ready[n] = r;
    if (r) nready++;
    n++;
  }
  rt ??= activeRuntime();
  if (rt.done) return new Promise<never>(() => undefined);

  if (nready > 0) {
    let k = nready === 1 ? 0 : rt.rand.intn(nready);
    let i = 0;
    for (; ; i++) if (ready[i] === true && k-- === 0) break;
    const key = keys[i]!;
    const ch = chans[i]!;
    const result =
      isSend[i] === true ? sendCase(ch, key, values[i]) : { case: key, value: ch.recvNow(), ok: lastRecvOk };
    clear(n);
    if (rt.trace !== null) rt.emit({ type: 'select', t: rt.now(), g: rt.gid(), case: key });
    return rt.completed(result) as Promise<SelectResult<C>>;
  }
  if (hasDefault) {
    clear(n);
    if (rt.trace !== null) rt.emit({ type: 'select', t: rt.now(), g: rt.gid(), case: 'default' });
    return rt.completed(DEFAULT) as Promise<SelectResult<C>>;
  }

  // Pass 2: enqueue on every channel, park once.
  let owner: SelectSudog | null = null;
  let last: SelectSudog | null = null;
  for (let i = 0; i < n; i++) {
    const ch = chans[i]!;
    if (ch === null) continue;
    const send = isSend[i] === true;
    const sd = new SelectSudog(send ? Kind.SelectSend : Kind.Select, values[i], keys[i]!);
    sd.owner = owner ??= sd;
    if (last !== null) last.waitlink = sd;
    last = sd;
    (send ? ch.sendq : ch.recvq).enqueue(sd);
  }
  const reason: WaitReason =
    n === 0
      ? 'select (no cases)'
      : n > 1
        ? 'select'
        : isSend[0] === true
          ? 'chan send (nil chan)'
          : 'chan receive (nil chan)';
  clear(n);
  // A select with one case is Go's plain channel operation (the compiler rewrites it).
  const parkReason: WaitReason =
    n === 1 && owner !== null ? (owner.kind === Kind.SelectSend ? 'chan send' : 'chan receive') : reason;
  return rt.park(owner ?? new Sudog(Kind.Plain, undefined), parkReason) as Promise<SelectResult<C>>;
}

function sendCase(ch: Channel<unknown, unknown>, key: string, v: unknown): { case: string } {
  if (ch.closed) throw new RuntimeError('send on closed channel');
  ch.sendNow(v);
  return { case: key };
}

function clear(n: number): void {
  for (let i = 0; i < n; i++) {
    chans[i] = null;
    values[i] = undefined;
  }
}
