/**
 * The scheduler (Go's proc.go): one Runtime per program. It owns the goroutines, the run queue and
 * the program's end, and composes the rest: the clock and its timers (clock.ts), the deadlock
 * detector and keepAlive holds (deadlock.ts), and the text of panics, fatal errors and the dump
 * (traceback.ts).
 *
 * How goroutines map to JavaScript. A goroutine is an async function. It parks by awaiting a
 * promise that a sudog (sudog.ts) owns; another goroutine wakes it by putting that sudog on the run
 * queue; the scheduler resumes it by settling the promise. JavaScript has no goroutine-local
 * storage, so the scheduler resumes ONE goroutine at a time and remembers it as current: a
 * goroutine that was resumed runs (through any number of plain async helper functions) until it
 * parks again, exits or yields, and only then is the next runnable goroutine resumed. Every
 * runtime operation therefore knows which goroutine called it, which is what the deadlock dump's
 * wait reasons and the trace's `g` need. A goroutine that awaits a promise the runtime does not know
 * (fetch, a host timer) is "in a syscall": when the microtask queue has drained while it is still
 * current, the scheduler detaches it and resumes the next one (Go hands off its P the same way).
 * When it comes back and calls the runtime while nobody else is running, it is current again; if
 * someone else is running, its operations are attributed to that goroutine: only names in dumps and
 * traces can be wrong then, never channel semantics, which depend on sudogs alone.
 *
 * Why a woken waiter is never resumed synchronously inside a channel operation: the sender (or
 * closer, or unlocker) is in the middle of its own operation and its own goroutine; running the
 * receiver's code inside that call would interleave two goroutines on one JavaScript stack, break
 * the current goroutine, and let the receiver observe the channel half-updated. So a wake only
 * queues the sudog; the promise is settled when the scheduler picks it, and even then the
 * continuation runs from the microtask queue.
 *
 * A goroutine that keeps completing operations without blocking while others are runnable yields
 * after PREEMPT_AFTER of them (Go preempts long-running goroutines too), so a `select` with a
 * `default` in a loop cannot starve the goroutine it waits for.
 *
 * With a `schedule` (explore.ts), the explorer chooses which runnable goroutine runs next and
 * after how many non-blocking completions the resumed goroutine is preempted; without one, the run
 * queue is FIFO and the limit is PREEMPT_AFTER, and no explorer is consulted.
 *
 * When nothing can run (run queue empty, nobody running, nobody in a syscall) the scheduler asks the
 * deadlock detector, once the host's microtask queue has drained (a macrotask): jump the virtual
 * clock, wait, or report a deadlock. Each jump costs one macrotask, so the host gets a turn between
 * any two jumps. A runtime timer's function runs outside any goroutine.
 *
 * Invariants: at most one goroutine is current (status Running); the run queue holds woken sudogs
 * of goroutines and new goroutines, in FIFO order; live goroutines are linked in creation order;
 * once the program is done, nothing is resumed, no timer fires and every new operation blocks
 * forever (the program has ended; its goroutines are abandoned, as when a Go main returns). Per
 * parked goroutine the runtime keeps a G and a sudog (about 200 bytes with the promise), so 100,000
 * parked goroutines stay under 1 KB each with their async frames.
 */
import { Clock } from './clock.ts';
import {
  Holds,
  checkdead,
  deadlockSite,
  deadlockText,
  type Hold,
  type KeepAliveOptions,
} from './deadlock.ts';
import { FatalError, formatPanicValue } from './errors.ts';
import { Explorer, parseSchedule } from './explore.ts';
import { G, GoNamer, Status } from './g.ts';
import { defaultExit, defaultWrite, macrotask, onHostIdle } from './host.ts';
import { validateOptions, type Problem, type RuntimeOptions, type SourceLocation } from './options.ts';
import { Rand, randomSeed } from './rand.ts';
import { StuckRecorder } from './stuck.ts';
import { Kind, Sudog, WaitQ, acquireSudog, settle } from './sudog.ts';
import type { RTimer, TimerChan, TimerFunc } from './timer.ts';
import { Traceback } from './traceback.ts';
import type { LocatedEvent, TraceEvent, TraceSink } from './trace.ts';
import type { WaitReason } from './wait-reason.ts';

export type { RuntimeOptions } from './options.ts';

/** Sync completions a goroutine may make in a row before yielding to others (Go preempts too). */
const PREEMPT_AFTER = 1024;

const RESOLVED: Promise<void> = Promise.resolve();

/** One program's runtime. */
export class Runtime {
  readonly rand: Rand;
  /** Program output (fd 1 stdout, fd 2 stderr). */
  readonly write: (fd: 1 | 2, text: string) => void;
  /** The trace subscriber, or null: every emit site checks this first. */
  readonly trace: TraceSink | null;

  readonly #exit: (code: number) => void;
  readonly #problem: ((p: Problem) => void) | null;
  readonly #clock: Clock;
  readonly #holds = new Holds();
  readonly #names = new GoNamer();
  readonly #tb: Traceback;
  /** Recording call sites (callSites): the traceback's, or null (then parks capture nothing). */
  readonly #sites: Traceback | null;
  /** Where trace events take their `at` from (callSites and traceSites): #sites, or null (no `at`). */
  readonly #traceSites: Traceback | null;
  /** With the `stuck` option: what each goroutine parks on, and the callback (stuck.ts). */
  readonly #stuck: StuckRecorder | null;
  readonly #onStuck: RuntimeOptions['stuck'];

  /** The goroutine the scheduler resumed last and that has not parked since. */
  #current: G | null = null;
  /** The program has ended (or was replaced); nothing runs again. */
  #done = false;
  /** Sync completions since the current goroutine was resumed (preemption). */
  #spins = 0;
  /** Completions the current goroutine may make before it yields (PREEMPT_AFTER unless exploring). */
  #spinLimit = PREEMPT_AFTER;
  /** The schedule explorer (explore.ts), or null: FIFO order. */
  readonly #explorer: Explorer | null;
  /** Goroutines not yet dead. */
  #live = 0;
  #started = false;
  #unhook: () => void = () => undefined;
  /**
   * The run queue (FIFO): woken sudogs, and goroutines to start. A ring buffer whose capacity is
   * a power of two and only grows, so a busy program enqueues and dequeues without allocating.
   */
  #runq: (Sudog | G | undefined)[] = new Array<Sudog | G | undefined>(64).fill(undefined);
  #runqHead = 0;
  #runqSize = 0;
  #allHead: G | null = null;
  #allTail: G | null = null;
  readonly #syscalls: G[] = [];
  #idleArmed = false;
  #kickArmed = false;
  #nextG = 2;
  #nextChan = 1;
  readonly #starting: G[] = [];
  /** Anonymous goroutines still numbered at creation (see GoNamer). */
  #eagerNames = 1000;
  readonly #exitFn = ((rt: Runtime) =>
    function (this: G): void {
      rt.goexit(this);
    })(this);
  readonly #panicFn = ((rt: Runtime) =>
    function (this: G, e: unknown): void {
      rt.gopanic(this, e);
    })(this);
  readonly #startFn = (): void => this.#start();
  readonly #idleFn = (): void => this.#idle();
  readonly #kickFn = (): void => {
    this.#kickArmed = false;
    if (!this.#done && this.#current === null) this.schedule();
  };
  readonly #rearm = (): void => {
    if (this.#current === null && !this.#done) this.#armIdle();
  };

  constructor(opts: RuntimeOptions = {}) {
    validateOptions(opts);
    const schedule = opts.schedule === undefined ? null : parseSchedule(opts.schedule);
    this.#explorer = schedule === null ? null : new Explorer(schedule, PREEMPT_AFTER);
    this.rand = new Rand(schedule?.seed ?? opts.seed ?? randomSeed());
    this.write = opts.write ?? defaultWrite;
    this.#exit = opts.exit ?? defaultExit;
    this.trace = opts.trace ?? null;
    this.#problem = opts.problem ?? null;
    this.#clock = new Clock(opts.clock === 'virtual', (t, delay) => this.#runTimer(t, delay));
    const callSites = opts.callSites ?? false;
    this.#tb = new Traceback(this.#names, opts.mapLocation ?? null, opts.internalFrames ?? false, callSites);
    this.#sites = callSites ? this.#tb : null;
    this.#traceSites = opts.traceSites === false ? null : this.#sites;
    this.#onStuck = opts.stuck;
    this.#stuck = opts.stuck === undefined ? null : new StuckRecorder(this.#names, this.#tb);
  }

  /** The program has ended (returned, panicked, deadlocked, or was replaced). */
  get done(): boolean {
    return this.#done;
  }

  // ---- clock and timers (clock.ts) -----------------------------------------------------------

  /** The virtual clock is in use (else the real one). */
  get virtual(): boolean {
    return this.#clock.virtual;
  }

  /** Clock time in ms since the program started (virtual time on the virtual clock). */
  now(): number {
    return this.#clock.now();
  }

  /** Wall-clock time in ms since the Unix epoch (the virtual clock starts at 2009-11-10 23:00 UTC). */
  epochNow(): number {
    return this.#clock.epochNow();
  }

  /**
   * A stopped runtime timer that calls `f(arg, rt, delay)` outside any goroutine when it fires (`f`
   * must not block); arm it with `resetTimer`. While armed it keeps the program alive, like Go's
   * AfterFunc. With `chan`, a channel timer (time.Timer/Ticker): it waits only while someone is
   * blocked receiving from `chan` (clock.ts).
   */
  newTimer(f: TimerFunc, arg: unknown, chan: TimerChan | null = null): RTimer {
    return this.#clock.newTimer(f, arg, chan);
  }

  /** (Re)arms `t` to fire `delay` ms from now, then every `period` ms if > 0. Returns whether it was pending. */
  resetTimer(t: RTimer, delay: number, period = 0): boolean {
    const was = this.#clock.reset(t, delay, period);
    if (this.trace !== null && t.pending) {
      this.emit({ type: 'timer.set', t: this.now(), g: this.gid(), timer: t.id, when: t.when });
    }
    return was;
  }

  /** Stops `t`; returns whether it was pending (so the call prevented it from firing). */
  stopTimer(t: RTimer): boolean {
    return this.#clock.stop(t);
  }

  /** A receive is about to look at timer channel `t`'s channel: run `t` first if it came due. */
  runChanTimer(t: RTimer): void {
    if (!this.#done) this.#clock.runChan(t);
  }

  /** Runs a due timer's function outside any goroutine (see the header). */
  #runTimer(t: RTimer, delay: number): void {
    if (this.#done) return;
    if (this.trace !== null) this.emit({ type: 'timer.fire', t: this.now(), g: 0, timer: t.id });
    const cur = this.#current;
    this.#current = null;
    try {
      t.f(t.arg, this, delay);
    } finally {
      if (!this.#done) this.#current = cur;
    }
    // Woken goroutines were queued as if nobody ran; someone does, so let the idle check decide.
    if (cur !== null && this.#runqSize > 0) this.#armIdle();
  }

  // ---- keepAlive and the deadlock detector (deadlock.ts) -----------------------------------

  /**
   * Something outside the runtime may still wake a goroutine: no deadlock verdict while held. With
   * `holdsClock`, an operation in flight: the virtual clock does not jump until it is released.
   * Returns the release function (idempotent).
   */
  keepAlive(reason: string, options?: KeepAliveOptions): () => void {
    return this.#holds.acquire(reason, options, this.#rearm);
  }

  /** The active keepAlive holds, oldest first. */
  holds(): Hold[] {
    return this.#holds.list();
  }

  /**
   * Whether the program is only serving: it has not ended, no goroutine runs (one about to start
   * is already current), is runnable or awaits a promise the runtime does not know (in a
   * "syscall": it may come back and set up more), no timer waits for its time, and every keepAlive
   * hold is a `listener` (at least one). Nothing happens again until a connection arrives: in Go, every goroutine would be parked
   * in the network poller, most on Accept (gomesh's listenAndServe parks on both clocks). The lab
   * host ends an export's run here (a service serves until stopped, and its setup is what the
   * export reads).
   */
  serving(): boolean {
    return (
      !this.#done &&
      this.#current === null &&
      this.#runqSize === 0 &&
      this.#syscalls.length === 0 &&
      !this.#clock.waiting &&
      this.#holds.onlyListeners
    );
  }

  // ---- tracing -------------------------------------------------------------------------------

  emit(e: TraceEvent): void {
    this.trace?.(e);
  }

  /**
   * Emits a channel or select event with the learner's line of the operation when call sites are
   * recorded: `parked` undefined means the calling code's own line (one stack capture), a parked
   * goroutine means where it parked, null (outside code waiting) means none.
   */
  emitAt(e: LocatedEvent, parked?: G | null): void {
    const sites = this.#traceSites;
    let at: SourceLocation | null = null;
    if (sites !== null && parked !== null) {
      at = parked === undefined ? sites.here(EMIT_AT) : sites.parkSite(parked);
    }
    this.emit(at === null ? e : { ...e, at });
  }

  /** The current goroutine's id for trace events (0 outside any goroutine). */
  gid(): number {
    return this.#current === null ? 0 : this.#current.id;
  }

  newChanId(): number {
    return this.#nextChan++;
  }

  // ---- goroutines ----------------------------------------------------------------------------

  /**
   * `go fn(...args)`: creates a goroutine that starts when the scheduler gets to it. `body`, when
   * given, is what runs (a wrapper such as WaitGroup.go's), while `fn` names the goroutine.
   */
  spawn(
    fn: (...args: never[]) => unknown,
    args: unknown[],
    isMain = false,
    body: (...args: never[]) => unknown = fn,
  ): G {
    const parent = isMain ? null : this.#current;
    const call = body as (...a: unknown[]) => unknown;
    const run = args.length === 0 ? call : () => call(...args);
    const g = new G(isMain ? 1 : this.#nextG++, fn, args.length > 0, parent, run);
    this.#live++;
    if (this.#allTail === null) this.#allHead = g;
    else {
      this.#allTail.allnext = g;
      g.allprev = this.#allTail;
    }
    this.#allTail = g;
    if (this.#eagerNames > 0 && fn.name === '' && !isMain) {
      this.#eagerNames--;
      this.#names.number(g);
    }
    if (this.#sites !== null && !isMain) this.#sites.started(g, SPAWN);
    if (this.trace !== null) {
      this.emit({
        type: 'go.start',
        t: this.now(),
        g: g.id,
        parent: parent === null ? 0 : parent.id,
        fn: this.#names.name(g),
      });
    }
    this.#runqPut(g);
    return g;
  }

  /** Runs `fn` as goroutine 1; when it returns the program exits with status 0. */
  startMain(fn: () => unknown): void {
    if (this.#started) throw new Error('gort: main() was already called for this program');
    this.#started = true;
    this.#unhook = onHostIdle(() => this.#hostIdle());
    this.spawn(fn, [], true);
  }

  /** The goroutine calling into the runtime right now (null: code outside any goroutine). */
  self(): G | null {
    const g = this.#current;
    if (g !== null || this.#syscalls.length === 0) return g;
    // Nobody was resumed, so the caller is a goroutine coming back from a syscall (or outside code).
    const back = this.#syscalls.shift()!;
    back.status = Status.Running;
    this.#current = back;
    this.#spins = 0;
    return back;
  }

  /**
   * Parks the calling goroutine on `sd` (already in its wait queue) and resumes the next one.
   * Returns the promise `sd` settles when it is woken.
   */
  park(sd: Sudog, reason: WaitReason): Promise<unknown> {
    const p = sd.promise();
    const g = this.self();
    sd.g = g;
    if (g !== null) {
      if (g.status === Status.Syscall) this.#unsyscall(g);
      g.status = Status.Waiting;
      g.waitReason = reason;
      if (this.#sites !== null) this.#sites.parked(g, PARK);
      if (this.#stuck !== null) this.#stuck.parked(g, sd);
      if (this.trace !== null) this.#traceParked(g, reason);
      if (this.#current === g) this.schedule();
    }
    return p;
  }

  #traceParked(g: G, reason: WaitReason): void {
    const at: SourceLocation | null = this.#traceSites === null ? null : this.#traceSites.parkSite(g);
    const t = this.now();
    this.emit(
      at === null ? { type: 'go.park', t, g: g.id, reason } : { type: 'go.park', t, g: g.id, reason, at },
    );
  }

  /**
   * A plain wait (a lock, a wait group, a once): parks the calling goroutine at the back of `q`
   * until a wake (chan.ts) hands it on.
   */
  parkIn(q: WaitQ, reason: WaitReason): Promise<void> {
    const sd = acquireSudog(Kind.Plain, undefined);
    q.enqueue(sd);
    return this.park(sd, reason) as Promise<void>;
  }

  /** Makes a parked sudog's goroutine runnable (its promise settles when it is resumed). */
  ready(sd: Sudog): void {
    if (this.#done) return;
    const g = sd.g;
    if (g === null) {
      // Outside code has no place in the schedule: settle now (its continuation still runs later).
      settle(sd);
      return;
    }
    if (g.status === Status.Waiting) {
      g.status = Status.Runnable;
      // As Go's goready: a woken goroutine is [runnable] in a dump or a leak report until it runs,
      // not still in the wait it left (a leak report named a readied receiver [sync.Cond.Wait]).
      g.waitReason = 'runnable';
    }
    if (this.trace !== null) this.emit({ type: 'go.unpark', t: this.now(), g: g.id });
    this.#runqPut(sd);
  }

  #runqPut(sd: Sudog | G): void {
    let q = this.#runq;
    if (this.#runqSize === q.length) {
      const grown = new Array<Sudog | G | undefined>(q.length * 2).fill(undefined);
      for (let i = 0; i < this.#runqSize; i++) grown[i] = q[(this.#runqHead + i) & (q.length - 1)];
      this.#runq = q = grown;
      this.#runqHead = 0;
    }
    q[(this.#runqHead + this.#runqSize++) & (q.length - 1)] = sd;
    if (this.#current === null) {
      if (!this.#kickArmed) {
        this.#kickArmed = true;
        queueMicrotask(this.#kickFn);
      }
    } else if (!this.#idleArmed) {
      // Someone is running; if it turns out to be waiting on the outside world, the idle check
      // detaches it so this goroutine is not starved.
      this.#armIdle();
    }
  }

  /** The current goroutine stopped (parked, yielded, exited): resume the next runnable one. */
  schedule(): void {
    if (this.#done) return;
    if (this.#runqSize === 0) {
      this.#current = null;
      this.#armIdle();
      return;
    }
    if (this.#explorer !== null) this.#explore(this.#explorer);
    const q = this.#runq;
    const next = q[this.#runqHead]!;
    q[this.#runqHead] = undefined;
    this.#runqHead = (this.#runqHead + 1) & (q.length - 1);
    this.#runqSize--;
    const isNew = next.isG;
    const g = isNew ? next : next.g!;
    if (g.status === Status.Syscall) this.#unsyscall(g);
    g.status = Status.Running;
    this.#current = g;
    this.#spins = 0;
    if (isNew) {
      // Never run a goroutine's first step inside the operation that scheduled it.
      this.#starting.push(g);
      queueMicrotask(this.#startFn);
    } else settle(next);
  }

  /**
   * Exploring: moves the runnable entry the explorer picks to the head of the run queue (swapping
   * it with the head: the queue's order carries no promise once choices are random) and draws the
   * resumed goroutine's preemption budget.
   */
  #explore(explorer: Explorer): void {
    const q = this.#runq;
    const head = this.#runqHead;
    const at = (head + explorer.pick(this.#runqSize)) & (q.length - 1);
    if (at !== head) {
      const chosen = q[at];
      q[at] = q[head];
      q[head] = chosen;
    }
    this.#spinLimit = explorer.budget();
  }

  /** Runs the next goroutine waiting for its first step (see schedule). */
  #start(): void {
    const g = this.#starting.shift();
    if (g === undefined || this.#done) return;
    const body = g.body!;
    g.body = null;
    let result: unknown;
    try {
      result = body();
    } catch (e) {
      this.gopanic(g, e);
      return;
    }
    // Bound functions, not closures: the smallest way to learn that this goroutine has ended.
    if (result instanceof Promise) result.then(this.#exitFn.bind(g), this.#panicFn.bind(g));
    else this.goexit(g);
  }

  /**
   * Called when an operation completed without blocking: returns `value` as a settled promise, or,
   * when this goroutine has run long enough while others wait, yields first (Go's preemption).
   */
  completed<T>(value: T): Promise<T> {
    if (++this.#spins > this.#spinLimit && this.#runqSize > 0 && this.#current !== null) {
      return this.yieldWith(value);
    }
    return Promise.resolve(value);
  }

  /** completed() for operations without a result: no allocation unless it yields. */
  completedVoid(): Promise<void> {
    if (++this.#spins > this.#spinLimit && this.#runqSize > 0 && this.#current !== null) {
      return this.yieldWith(undefined);
    }
    return RESOLVED;
  }

  /** `runtime.Gosched()`: go to the back of the run queue, resolving with `value` when resumed. */
  yieldWith<T>(value: T): Promise<T> {
    const g = this.self();
    if (g === null || this.#done) return Promise.resolve(value);
    const sd = acquireSudog(Kind.Recv, value);
    sd.g = g;
    const p = sd.promise() as Promise<T>;
    g.status = Status.Runnable;
    this.#runqPut(sd);
    if (this.#current === g) this.schedule();
    return p;
  }

  #unsyscall(g: G): void {
    const i = this.#syscalls.indexOf(g);
    if (i >= 0) this.#syscalls.splice(i, 1);
  }

  /** Goroutine `g` returned. */
  goexit(g: G): void {
    if (this.#done) return;
    if (g.status === Status.Syscall) this.#unsyscall(g);
    g.status = Status.Dead;
    this.#live--;
    if (g.allprev === null) this.#allHead = g.allnext;
    else g.allprev.allnext = g.allnext;
    if (g.allnext === null) this.#allTail = g.allprev;
    else g.allnext.allprev = g.allprev;
    if (this.trace !== null) this.emit({ type: 'go.exit', t: this.now(), g: g.id });
    if (g.id === 1) {
      if (this.#live > 0) this.#reportStuck('leak');
      this.terminate(0);
      return;
    }
    if (this.#current === g) this.schedule();
  }

  // ---- the program's end: panics, fatal errors, deadlock (traceback.ts, deadlock.ts) ----------

  /** A panic escaped goroutine `g`: print it like Go and end the program with status 2. */
  gopanic(g: G, e: unknown): void {
    if (this.#done) return;
    if (e instanceof FatalError) {
      this.fatal(e.message, g, e);
      return;
    }
    const at = this.#tb.firstLocation(e);
    if (this.trace !== null) {
      const value = formatPanicValue(e);
      this.emit({ type: 'go.panic', t: this.now(), g: g.id, value, ...(at === null ? {} : { at }) });
    }
    this.write(2, this.#tb.panicText(e, g));
    this.terminate(2, 'panic', at);
  }

  /** Go's `throw`: `fatal error: <msg>` and the goroutine's trace, exit status 2. */
  fatal(msg: string, g: G | null = this.#current, e?: unknown): void {
    if (this.#done) return;
    const at = e === undefined ? null : this.#tb.firstLocation(e);
    if (this.trace !== null) {
      const panic = { type: 'go.panic', t: this.now(), g: g?.id ?? 0, value: msg, fatal: true } as const;
      this.emit(at === null ? panic : { ...panic, at });
    }
    this.write(2, this.#tb.fatalText(msg, g, e));
    this.terminate(2, 'panic', at);
  }

  /** Raises a fatal error from inside a runtime operation: ends the program, then unwinds. */
  throw(msg: string): never {
    const e = new FatalError(msg);
    this.fatal(msg, this.#current, e);
    throw e;
  }

  /**
   * Ends the program with `code` (once). With a problem and its learner location, tells the host
   * first (`problem`), so it can mark the line before the program is gone.
   */
  terminate(code: number, kind: Problem['kind'] | null = null, at: SourceLocation | null = null): void {
    if (this.#done) return;
    this.abandon();
    try {
      if (kind !== null && at !== null && this.#problem !== null) this.#problem({ kind, ...at });
    } finally {
      this.#exit(code);
    }
  }

  /** Ends the program without reporting anything: nothing of it runs again. */
  abandon(): void {
    this.#unhook();
    this.#done = true;
    this.#current = null;
    this.#runq.fill(undefined);
    this.#runqHead = 0;
    this.#runqSize = 0;
    this.#clock.abandon();
  }

  #deadlock(): void {
    this.write(2, deadlockText(this.#allHead, this.#tb));
    this.#reportStuck('deadlock');
    this.terminate(2, 'deadlock', deadlockSite(this.#allHead, this.#tb));
  }

  /** Tells the host what the goroutines left alive wait on (stuck.ts), before the program ends. */
  #reportStuck(kind: 'deadlock' | 'leak'): void {
    if (this.#stuck !== null) this.#onStuck!(this.#stuck.report(kind, this.#allHead));
  }

  // ---- idle: syscalls, virtual time, deadlock ------------------------------------------------

  #armIdle(): void {
    if (this.#idleArmed || this.#done) return;
    this.#idleArmed = true;
    macrotask(this.#idleFn);
  }

  // Runs once the microtask queue has drained: nobody is about to run unless the run queue says so.
  #idle(): void {
    this.#idleArmed = false;
    if (this.#done) return;
    const cur = this.#current;
    if (cur !== null) {
      if (cur.status !== Status.Running) return;
      // Resumed but neither parked nor exited, and no microtask is left: it awaits the outside.
      cur.status = Status.Syscall;
      cur.waitReason = 'syscall';
      this.#syscalls.push(cur);
      this.schedule();
      return;
    }
    if (this.#runqSize > 0) {
      this.schedule();
      return;
    }
    if (this.#syscalls.length > 0) return; // they come back on their own
    if (this.#live === 0) return;
    switch (checkdead(this.#clock, this.#holds)) {
      case 'advance':
        this.#clock.advance();
        // Nobody woke (a timer whose function wakes no one): look again after the host's turn.
        if (this.#current === null && this.#runqSize === 0) this.#armIdle();
        return;
      case 'wait':
        return;
      case 'deadlock':
        this.#deadlock();
    }
  }

  // The host has nothing left that could run (Node's beforeExit: no timer, no socket, no pending
  // I/O): goroutines waiting on outside promises (in a "syscall") and holds whose outside world is
  // gone can never wake anyone either, so this is a deadlock too. Without it, Node would quietly
  // exit with status 0 while main never returned.
  #hostIdle(): void {
    if (this.#done) return;
    const cur = this.#current;
    if (cur !== null && cur.status === Status.Running) {
      cur.status = Status.Syscall;
      this.#syscalls.push(cur);
    }
    for (const g of this.#syscalls) g.waitReason = 'syscall';
    this.#deadlock();
  }
}

// Call sites are captured below these (only their identity is used, never a call).
/* eslint-disable @typescript-eslint/unbound-method */
const SPAWN = Runtime.prototype.spawn;
const PARK = Runtime.prototype.park;
const EMIT_AT = Runtime.prototype.emitAt;
/* eslint-enable @typescript-eslint/unbound-method */
