/**
 * Go's context package: a tree of cancelable contexts, each a thin layer over an AbortSignal.
 *
 * Invariants: a context is canceled at most once; canceling it closes its `done()` channel, aborts
 * its `signal` with the same error `err()` returns, and cancels every child before returning; a
 * child of an already canceled parent is canceled when it is created; a timer context's deadline
 * runs on a runtime timer, so the virtual clock and the deadlock detector see it.
 */
import { Channel, nilChan, type Chan, type RecvChan } from '../chan.ts';
import { activeRuntime } from '../program.ts';
import type { Runtime } from '../runtime.ts';
import type { RTimer } from '../timer.ts';
import type { Duration } from '../time/duration.ts';
import { Time } from '../time/time.ts';

/** Go's `context.Canceled`: the error of a context canceled by its cancel function. */
export const Canceled: Error = Object.assign(new Error('context canceled'), { name: 'Canceled' });

/** Go's `context.DeadlineExceeded`: the error of a context whose deadline passed. */
export const DeadlineExceeded: Error = Object.assign(new Error('context deadline exceeded'), {
  name: 'DeadlineExceeded',
});

/** Go's context.Context. */
export interface Context {
  /** When the context will be canceled by its deadline: `[t, true]`, or `[undefined, false]`. */
  deadline(): [Time, true] | [undefined, false];
  /** A channel closed when the context is canceled (a nil channel if it never is). */
  done(): RecvChan<void>;
  /** null until canceled; then `Canceled` or `DeadlineExceeded`. */
  err(): Error | null;
  /** The value stored for `key` by `withValue` in this context or an ancestor (undefined if none). */
  value(key: unknown): unknown;
  /** An AbortSignal aborted (with `err()` as reason) when the context is canceled: for fetch & co. */
  readonly signal: AbortSignal;
}

/** Go's CancelFunc: cancels the context (idempotent). */
export type CancelFunc = () => void;
/** Go's CancelCauseFunc: cancels with a cause (`cause(ctx)` returns it). */
export type CancelCauseFunc = (cause: Error | null) => void;

const NEVER_SIGNAL = new AbortController().signal;
const NIL_DONE: Chan<void> = nilChan<void>();

class EmptyCtx implements Context {
  readonly #name: string;
  constructor(name: string) {
    this.#name = name;
  }
  deadline(): [undefined, false] {
    return [undefined, false];
  }
  done(): RecvChan<void> {
    return NIL_DONE;
  }
  err(): null {
    return null;
  }
  value(): undefined {
    return undefined;
  }
  get signal(): AbortSignal {
    return NEVER_SIGNAL;
  }
  toString(): string {
    return this.#name;
  }
}

const BACKGROUND = new EmptyCtx('context.Background');
const TODO = new EmptyCtx('context.TODO');

/**
 * Go's `context.Background()`: never canceled, no values, no deadline.
 *
 * @example
 * ```ts
 * import { background } from 'gort/context';
 *
 * console.log(background().err()); // null: never canceled
 * ```
 */
export function background(): Context {
  return BACKGROUND;
}

/**
 * Go's `context.TODO()`: like background, for code that has not decided which context to use.
 *
 * @example
 * ```ts
 * import { todo } from 'gort/context';
 *
 * const ctx = todo(); // to be replaced by the caller's context
 * ```
 */
export function todo(): Context {
  return TODO;
}

class CancelCtx implements Context {
  readonly parent: Context;
  readonly #done: Channel<void>;
  readonly #ac = new AbortController();
  #err: Error | null = null;
  #cause: Error | null = null;
  readonly children = new Set<CancelCtx>();
  #detach: (() => void) | null = null;

  constructor(parent: Context, rt: Runtime) {
    this.parent = parent;
    this.#done = new Channel<void>(rt, 0, undefined);
  }

  /** Links this context under its parent (after construction: it may cancel at once). */
  propagate(): this {
    const parent = this.parent;
    const perr = parent.err();
    if (perr !== null) {
      this.cancel(perr, cause(parent));
      return this;
    }
    const p = nearestCancelCtx(parent);
    if (p !== null) {
      p.children.add(this);
      this.#detach = () => p.children.delete(this);
    } else if (parent.signal !== NEVER_SIGNAL) {
      // A context of another implementation: follow its signal.
      const onAbort = (): void => this.cancel(parent.err() ?? Canceled, null);
      parent.signal.addEventListener('abort', onAbort, { once: true });
      this.#detach = () => parent.signal.removeEventListener('abort', onAbort);
    }
    return this;
  }

  deadline(): [Time, true] | [undefined, false] {
    return this.parent.deadline();
  }
  done(): RecvChan<void> {
    return this.#done;
  }
  err(): Error | null {
    return this.#err;
  }
  value(key: unknown): unknown {
    return this.parent.value(key);
  }
  get signal(): AbortSignal {
    return this.#ac.signal;
  }
  get cause(): Error | null {
    return this.#cause;
  }

  cancel(err: Error, cause: Error | null): void {
    if (this.#err !== null) return;
    this.#err = err;
    this.#cause = cause ?? err;
    this.#done.close();
    this.#ac.abort(err);
    for (const child of this.children) child.cancel(err, this.#cause);
    this.children.clear();
    // Leave the parent (Go's removeChild): a child canceled by its parent's loop may delete itself
    // from the set being iterated, which a Set allows; a signal listener is removed either way.
    this.#detach?.();
    this.#detach = null;
  }
}

class TimerCtx extends CancelCtx {
  readonly #deadline: Time;
  readonly #rt: Runtime;
  #timer: RTimer | null = null;

  constructor(parent: Context, rt: Runtime, deadline: Time) {
    super(parent, rt);
    this.#rt = rt;
    this.#deadline = deadline;
  }

  override propagate(): this {
    super.propagate();
    if (this.err() !== null) return this;
    const rt = this.#rt;
    const d = this.#deadline.ms - rt.epochNow();
    if (d <= 0) {
      this.cancel(DeadlineExceeded, null);
      return this;
    }
    this.#timer = rt.newTimer(expire, this);
    rt.resetTimer(this.#timer, d);
    return this;
  }

  override deadline(): [Time, true] {
    return [this.#deadline, true];
  }

  override cancel(err: Error, cause: Error | null): void {
    if (this.#timer !== null) {
      this.#rt.stopTimer(this.#timer);
      this.#timer = null;
    }
    super.cancel(err, cause);
  }
}

function expire(arg: unknown): void {
  (arg as TimerCtx).cancel(DeadlineExceeded, null);
}

class ValueCtx implements Context {
  readonly parent: Context;
  readonly #key: unknown;
  readonly #val: unknown;
  constructor(parent: Context, key: unknown, val: unknown) {
    this.parent = parent;
    this.#key = key;
    this.#val = val;
  }
  deadline(): [Time, true] | [undefined, false] {
    return this.parent.deadline();
  }
  done(): RecvChan<void> {
    return this.parent.done();
  }
  err(): Error | null {
    return this.parent.err();
  }
  value(key: unknown): unknown {
    return Object.is(key, this.#key) ? this.#val : this.parent.value(key);
  }
  get signal(): AbortSignal {
    return this.parent.signal;
  }
}

function nearestCancelCtx(ctx: Context): CancelCtx | null {
  for (let c: Context = ctx; ;) {
    if (c instanceof CancelCtx) return c;
    if (c instanceof ValueCtx) c = c.parent;
    else return null;
  }
}

/**
 * Go's `context.WithCancel(parent)`: a child canceled by `cancel()` or when the parent is.
 *
 * @example
 * ```ts
 * import { go, main, recv, select } from 'gort';
 * import { background, withCancel } from 'gort/context';
 *
 * main(async () => {
 *   const [ctx, cancel] = withCancel(background());
 *   go(() => cancel());
 *   await select({ done: recv(ctx.done()) });
 *   console.log(ctx.err()?.message); // context canceled
 * });
 * ```
 */
export function withCancel(parent: Context): [Context, CancelFunc] {
  const ctx = new CancelCtx(parent, activeRuntime()).propagate();
  return [ctx, () => ctx.cancel(Canceled, null)];
}

/**
 * Go's `context.WithCancelCause(parent)`: `cancel(cause)` records why; read it with `cause(ctx)`.
 *
 * @example
 * ```ts
 * import { background, cause, withCancelCause } from 'gort/context';
 *
 * const [ctx, cancel] = withCancelCause(background());
 * cancel(new Error('shutting down'));
 * console.log(ctx.err()?.message, '/', cause(ctx)?.message); // context canceled / shutting down
 * ```
 */
export function withCancelCause(parent: Context): [Context, CancelCauseFunc] {
  const ctx = new CancelCtx(parent, activeRuntime()).propagate();
  return [ctx, (cause) => ctx.cancel(Canceled, cause)];
}

/**
 * Go's `context.Cause(ctx)`: why the context was canceled (its err() unless a cause was given).
 *
 * @example
 * ```ts
 * import { background, cause, withCancel } from 'gort/context';
 *
 * const [ctx, cancel] = withCancel(background());
 * cancel();
 * console.log(cause(ctx)?.message); // context canceled
 * ```
 */
export function cause(ctx: Context): Error | null {
  const c = nearestCancelCtx(ctx);
  return c === null ? ctx.err() : c.cause;
}

/**
 * Go's `context.WithDeadline(parent, d)`: canceled with `DeadlineExceeded` at `d` (a Date or a
 * Time from `gort/time`), by `cancel()`, or with the parent, whichever comes first.
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { background, withDeadline } from 'gort/context';
 * import { now, Second } from 'gort/time';
 *
 * main(async () => {
 *   const [ctx, cancel] = withDeadline(background(), new Date(now().getTime() + Second));
 *   await ctx.done().recv();
 *   console.log(ctx.err()?.message); // context deadline exceeded
 *   cancel();
 * });
 * ```
 */
export function withDeadline(parent: Context, d: Date): [Context, CancelFunc] {
  const rt = activeRuntime();
  const when = d instanceof Time ? d : new Time(d.getTime());
  const [pd, has] = parent.deadline();
  if (has && pd.ms <= when.ms) return withCancel(parent); // the parent's deadline comes first
  const ctx = new TimerCtx(parent, rt, when).propagate();
  return [ctx, () => ctx.cancel(Canceled, null)];
}

/**
 * Go's `context.WithTimeout(parent, d)`: `withDeadline(parent, now + d)`.
 *
 * @example
 * ```ts
 * import { main, recv, select } from 'gort';
 * import { background, withTimeout } from 'gort/context';
 * import { Millisecond, after, Second } from 'gort/time';
 *
 * main(async () => {
 *   const [ctx, cancel] = withTimeout(background(), 100 * Millisecond);
 *   const r = await select({ work: recv(after(Second)), done: recv(ctx.done()) });
 *   console.log(r.case, ctx.err()?.message); // done context deadline exceeded
 *   cancel();
 * });
 * ```
 */
export function withTimeout(parent: Context, d: Duration): [Context, CancelFunc] {
  return withDeadline(parent, new Time(activeRuntime().epochNow() + d));
}

/**
 * Go's `context.WithValue(parent, key, val)`.
 *
 * @example
 * ```ts
 * import { background, withValue } from 'gort/context';
 *
 * const ctx = withValue(background(), 'requestId', 'r-42');
 * console.log(ctx.value('requestId')); // r-42
 * ```
 */
export function withValue(parent: Context, key: unknown, val: unknown): Context {
  return new ValueCtx(parent, key, val);
}
