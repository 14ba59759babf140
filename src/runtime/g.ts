/**
 * The goroutine record (Go's g): identity, state and where it was created, for the scheduler,
 * the deadlock dump and trace events.
 *
 * Invariants: `status` is Go's: runnable (in the run queue or about to start), running (the one
 * goroutine the scheduler resumed and that has not parked since), waiting (parked on a runtime
 * primitive, `waitReason` says which), syscall (it awaited a promise the runtime does not know:
 * "outside" the runtime, like a Go goroutine in a system call), dead. Live goroutines are linked in
 * creation order (`allnext`/`allprev`) so the dump lists them like Go does. Names are computed only
 * when printed (GoNamer); the creation site is the creator goroutine, never a stack trace.
 */
import type { WaitReason } from './wait-reason.ts';

/** Go's goroutine states (runtime2.go's _Grunnable, _Grunning, _Gwaiting, _Gsyscall, _Gdead). */
export const Status = { Runnable: 0, Running: 1, Waiting: 2, Syscall: 3, Dead: 4 } as const;
/** One of {@link Status}. */
export type Status = (typeof Status)[keyof typeof Status];

/** A goroutine. Kept small: 100,000 parked goroutines must fit in well under 1 KB each. */
export class G {
  readonly id: number;
  status: Status = Status.Runnable;
  waitReason: WaitReason = 'runnable';
  /** The function it runs (for its Go-style name). */
  readonly fn: (...args: never[]) => unknown;
  /** The goroutine that ran `go` (null: created outside any goroutine, or goroutine 1). */
  readonly parent: G | null;
  /** Whether it was called with arguments (Go prints `f(...)` then). */
  readonly hasArgs: boolean;
  /** Go's closure index for an anonymous function (`main.main.func1` has 1); 0 until named. */
  closure = 0;
  /** What runs at its first step (the function, or a wrapper); null once started. */
  body: (() => unknown) | null;
  allnext: G | null = null;
  allprev: G | null = null;
  /** Always true (on the prototype): tells a new goroutine from a sudog in the run queue. */
  declare readonly isG: true;

  constructor(
    id: number,
    fn: (...args: never[]) => unknown,
    hasArgs: boolean,
    parent: G | null,
    body: () => unknown,
  ) {
    this.id = id;
    this.fn = fn;
    this.hasArgs = hasArgs;
    this.parent = parent;
    this.body = body;
  }
}

Object.defineProperty(G.prototype, 'isG', { value: true });

/**
 * Go-style goroutine names (`main.main`, `main.worker`, `main.main.func1`, `main.main.func1.1`),
 * computed only when printed or traced. Go numbers a function's closures in source order; here
 * the same source text under the same enclosing function keeps one number (so closures created in
 * a loop are all `func1`, as in Go). The runtime numbers the first goroutines' closures when they
 * are created (creation order is source order in lesson-sized programs); past that budget a
 * closure is numbered when first named, so spawning 100,000 goroutines costs no naming work.
 */
export class GoNamer {
  readonly #closures = new Map<string, Map<string, number>>();
  readonly #names = new WeakMap<G, string>();

  /** Go's function name for `g`. */
  name(g: G): string {
    if (g.id === 1) return 'main.main';
    let name = this.#names.get(g);
    if (name !== undefined) return name;
    const own = g.fn.name.replace(/^bound /, '');
    if (own !== '') name = `main.${own}`;
    else {
      const outer = g.parent === null ? 'main' : this.name(g.parent);
      this.number(g, outer);
      // Closures of a top-level function are `.funcN`; closures inside a closure are `.N`.
      name = /\.func\d+(\.\d+)*$/.test(outer) ? `${outer}.${g.closure}` : `${outer}.func${g.closure}`;
    }
    this.#names.set(g, name);
    return name;
  }

  /** Gives an anonymous goroutine its closure number now (`outer` is its creator's name). */
  number(g: G, outer: string = g.parent === null ? 'main' : this.name(g.parent)): void {
    if (g.closure === 0) g.closure = this.#index(outer, Function.prototype.toString.call(g.fn));
  }

  /** The frame line Go prints for the goroutine's function: `main.worker(...)`. */
  frame(g: G): string {
    return `${this.name(g)}(${g.hasArgs ? '...' : ''})`;
  }

  /** Go's `created by main.main in goroutine 1` line (with newline), or '' for goroutine 1. */
  createdBy(g: G): string {
    return g.parent === null ? '' : `created by ${this.name(g.parent)} in goroutine ${g.parent.id}\n`;
  }

  #index(outer: string, text: string): number {
    let byText = this.#closures.get(outer);
    if (byText === undefined) this.#closures.set(outer, (byText = new Map<string, number>()));
    let k = byText.get(text);
    if (k === undefined) byText.set(text, (k = byText.size + 1));
    return k;
  }
}
