/**
 * Go's `reflect.Select`: a select over a slice of cases built at run time, for when the number of
 * channels is not known when the code is written (merging N channels, a fan-in over a changing
 * set). It returns Go's three results as a tuple:
 *
 * ```ts
 * const cases = chans.map((ch) => recv(ch));
 * const [chosen, value, ok] = await reflect.select(cases);
 * if (!ok) cases[chosen] = recv(null); // closed: a nil channel is never ready again
 * ```
 *
 * Same algorithm as the select statement (select.ts): poll every case, pick one of the ready ones
 * uniformly with the runtime's seeded source, else take the default, else park one sudog per case;
 * the waker removes the others. A parked reflect.select waits with Go's reason `select` whatever its
 * number of cases (Go's compiler rewrites one-case select statements, never reflect.Select).
 */
import { NEVER, lastRecvOk, traceSelect } from '../chan.ts';
import { activeRuntime, panic } from '../program.ts';
import type { Runtime } from '../runtime.ts';
import {
  chooseReady,
  enqueueCase,
  type Case,
  fireCase,
  isCase,
  parkSelect,
  pollCase,
  type RecvCase,
  type SendCase,
} from '../select.ts';
import type { SelectSudog } from '../sudog.ts';

/** Go's `reflect.SelectCase{Dir: reflect.SelectDefault}`: makes the select non-blocking. */
export const SelectDefault: unique symbol = Symbol('reflect.SelectDefault');

/**
 * One element of reflect.select's cases: `recv(ch)`, `send(ch, v)` (from `gort`) or {@link SelectDefault}.
 *
 * Go: `reflect.SelectCase` (`Dir: reflect.SelectRecv` etc.); `SelectDefault` is `reflect.SelectDefault`.
 */
export type SelectCase = RecvCase<unknown, unknown> | SendCase<unknown> | typeof SelectDefault;

/** What a case can yield as Go's `recv`: a receive's value or zero value; nothing for the others. */
type Received<C> = C extends RecvCase<infer T, infer Z> ? T | Z : undefined;

/**
 * Go's `(chosen int, recv Value, recvOK bool)`: the index of the chosen case; for a receive, the
 * value and whether it was sent (false: the channel is closed and `recv` is its zero value); for a
 * send or the default case, `undefined` and false.
 */
export type SelectResult<Cs extends readonly SelectCase[]> = [
  chosen: number,
  recv: Received<Cs[number]>,
  recvOK: boolean,
];

/**
 * Go's `reflect.Select(cases)`: blocks until one case can proceed (or, with {@link SelectDefault},
 * takes the default at once), choosing uniformly among the ready ones, and runs it. An empty list
 * blocks forever. Panics `reflect.Select: multiple default cases` like Go; a send case on a closed
 * channel panics like a send.
 *
 * @example
 * ```ts
 * import { chan, go, main, recv } from 'gort';
 * import * as reflect from 'gort/reflect';
 *
 * main(async () => {
 *   const chans = [chan<number>(), chan<number>(), chan<number>()];
 *   go(async () => chans[1]?.send(7));
 *   const [chosen, value, ok] = await reflect.select(chans.map((ch) => recv(ch)));
 *   console.log(chosen, value, ok); // 1 7 true
 * });
 * ```
 */
export function select<const Cs extends readonly SelectCase[]>(cases: Cs): Promise<SelectResult<Cs>> {
  let nready = 0;
  let dflt = -1;
  let rt: Runtime | null = null;
  // Pass 1: validate and note the ready cases.
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    if (!isCase(c)) {
      if (c !== SelectDefault)
        throw new TypeError(`reflect.Select: case ${i} must be recv(ch), send(ch, v) or SelectDefault`);
      if (dflt >= 0) panic('reflect.Select: multiple default cases'); // a Go panic, as in reflect
      dflt = i;
      continue;
    }
    if (rt === null && c.chan !== null) rt = c.chan.rt;
    nready = pollCase(c, i, nready);
  }
  rt ??= activeRuntime();
  if (rt.done) return NEVER;

  if (nready > 0) {
    const chosen = chooseReady(rt, nready);
    const c = cases[chosen] as Case;
    const v = fireCase(c);
    if (rt.trace !== null) traceSelect(rt, chosen);
    return rt.completed(c.isSend ? [chosen, undefined, false] : [chosen, v, lastRecvOk]) as Promise<
      SelectResult<Cs>
    >;
  }
  if (dflt >= 0) {
    if (rt.trace !== null) traceSelect(rt, dflt);
    return rt.completed([dflt, undefined, false]) as Promise<SelectResult<Cs>>;
  }

  // Pass 2: enqueue on every channel, park once.
  let owner: SelectSudog | null = null;
  let last: SelectSudog | null = null;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    if (!isCase(c) || c.chan === null) continue;
    last = enqueueCase(c, i, owner, last);
    owner ??= last;
  }
  return parkSelect(rt, owner, cases.length === 0 ? 'select (no cases)' : 'select') as Promise<
    SelectResult<Cs>
  >;
}
