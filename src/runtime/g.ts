/**
 * The goroutine record (Go's g): identity, state and where it was created, for the scheduler,
 * the deadlock dump and trace events.
 *
 * Invariants: `status` is Go's: runnable (in the run queue or about to start), running (the one
 * goroutine the scheduler resumed and that has not parked since), waiting (parked on a runtime
 * primitive, `waitReason` says which), syscall (it awaited a promise the runtime does not know:
 * "outside" the runtime, like a Go goroutine in a system call), dead. Live goroutines are linked in
 * creation order (`allnext`/`allprev`) so the dump lists them like Go does. Names are computed only
 * when printed; the creation site is the creator goroutine and a closure index, never a stack trace.
 */
import type { WaitReason } from './wait-reason.ts';

export const Status = { Runnable: 0, Running: 1, Waiting: 2, Syscall: 3, Dead: 4 } as const;
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
  /** Go's closure index for anonymous functions (`main.main.func1` has 1; 0 when named) times 2, plus 1 if called with arguments. */
  readonly #site: number;
  allnext: G | null = null;
  allprev: G | null = null;

  constructor(
    id: number,
    fn: (...args: never[]) => unknown,
    hasArgs: boolean,
    parent: G | null,
    closure: number,
  ) {
    this.id = id;
    this.fn = fn;
    this.parent = parent;
    this.#site = closure * 2 + (hasArgs ? 1 : 0);
  }

  /** Go's function name for this goroutine: `main.main`, `main.worker`, `main.main.func1`. */
  get name(): string {
    return this.id === 1 ? 'main.main' : goFuncName(this.fn, this.parent, this.#site >> 1);
  }

  /** The frame line Go prints for the goroutine's function: `main.worker(...)`. */
  get frame(): string {
    return `${this.name}(${(this.#site & 1) === 1 ? '...' : ''})`;
  }

  /** Go's `created by main.main in goroutine 1`, or '' for goroutine 1 / outside code. */
  get createdBy(): string {
    return this.parent === null ? '' : `created by ${this.parent.name} in goroutine ${this.parent.id}`;
  }
}

/** The enclosing name of a function as a Go symbol. */
export function goFuncName(fn: (...args: never[]) => unknown, parent: G | null, closure: number): string {
  const own = fn.name.replace(/^bound /, '').replace(/^async /, '');
  if (own !== '' && closure === 0) return `main.${own}`;
  const outer = parent === null ? 'main' : parent.name;
  // Go numbers a top-level function's closures `.func1`, and closures inside a closure `.1`.
  return /\.func\d+(\.\d+)*$/.test(outer) ? `${outer}.${closure}` : `${outer}.func${closure}`;
}
