/**
 * A retry budget over time, Linkerd's (from Finagle; tower's `TpsBudget` in linkerd2-proxy): every
 * request deposits `retryRatio` of a retry, every retry withdraws one, and deposits and withdrawals
 * count for `ttlMs`; on top of that, `minRetriesPerSecond` retries per second are always allowed,
 * so a service with little traffic can still retry at all. The defaults are Linkerd's
 * (`retryRatio: 0.2`, `minRetriesPerSecond: 10`, `ttl: 10s`): retries add at most 20% to the load,
 * plus 10 per second.
 *
 * Why this and not Envoy's budget (20% of the requests in flight, at least 3 retries in flight):
 * a concurrency budget counts a retry for as long as it waits out its backoff, so with 10 callers
 * its floor of 3 binds whenever a few failures come close together and refuses retries that would
 * have succeeded (measured: 97–99% success with one replica failing half its requests, where every
 * retry lands on a healthy replica); a budget over time caps what it exists to cap, the extra load
 * as a share of the traffic, however long a retry waits.
 *
 * Invariants: the window is `SLOTS` slots of `ttlMs / SLOTS`, and an amount leaves the window
 * whole slots after it entered (so it counts for between ttl − ttl/SLOTS and ttl); amounts are
 * integers in thousandths of a retry, so no rounding ever grants or refuses a retry; the balance a
 * retry may draw on is the reserve plus the window's sum, and a withdrawal happens only when it
 * is at least one retry.
 */
import { runtimeClock, type Clock } from '../clock.ts';
import { checkNumber } from '../errors.ts';

/**
 * The options of `RetryBudget` (Linkerd's `retryRatio`, `minRetriesPerSecond`, `ttl`).
 *
 * No Go standard counterpart (Linkerd's `retryBudget` settings).
 */
export interface RetryBudgetOptions {
  /** Retries allowed per request sent; default 0.2 (Linkerd's `retryRatio`). */
  retryRatio?: number;
  /** Retries per second allowed whatever the ratio; default 10 (Linkerd's `minRetriesPerSecond`). */
  minRetriesPerSecond?: number;
  /** How long a request or a retry counts, 1 to 60 s; default 10 s (Linkerd's `ttl`). */
  ttlMs?: number;
  clock?: Clock;
}

const SLOTS = 10;
/** One retry, in the budget's integer unit. */
const RETRY = 1000;

/**
 * Linkerd's retry budget: retries may add at most `retryRatio` of the requests (20%), plus
 * `minRetriesPerSecond` (10/s), counted over `ttlMs` (10 s). No Go standard counterpart (Finagle's
 * and tower's `TpsBudget`).
 *
 * @throws `BadOptionError` for a bad option ("Expected `ttlMs` to be a finite number between 1000
 * and 60000, got 0").
 *
 * @example
 * ```ts
 * import { RetryBudget } from 'gomesh/sidecar';
 *
 * const budget = new RetryBudget({ retryRatio: 0.2 });
 * budget.deposit(); // one request sent
 * console.log(budget.tryWithdraw()); // true: the 10 retries per second floor allows it
 * ```
 */
export class RetryBudget {
  readonly retryRatio: number;
  readonly minRetriesPerSecond: number;
  readonly ttlMs: number;
  readonly #clock: Clock;
  readonly #deposit: number;
  readonly #reserve: number;
  readonly #slotMs: number;
  readonly #slots = new Array<number>(SLOTS).fill(0);
  /** The slot being written, the clock time it started, and the sum of all slots. */
  #head = 0;
  #headStart: number;
  #sum = 0;

  constructor(options: RetryBudgetOptions = {}) {
    this.retryRatio = checkNumber('retryRatio', options.retryRatio ?? 0.2, 0, 1000);
    this.minRetriesPerSecond = checkNumber('minRetriesPerSecond', options.minRetriesPerSecond ?? 10, 0);
    this.ttlMs = checkNumber('ttlMs', options.ttlMs ?? 10_000, 1000, 60_000);
    this.#clock = options.clock ?? runtimeClock();
    this.#deposit = Math.round(this.retryRatio * RETRY);
    this.#reserve = Math.round(this.minRetriesPerSecond * (this.ttlMs / 1000) * RETRY);
    this.#slotMs = this.ttlMs / SLOTS;
    this.#headStart = this.#clock.now();
  }

  /** Retries that could be taken now. */
  get available(): number {
    this.#expire();
    return Math.max(0, Math.floor((this.#reserve + this.#sum) / RETRY));
  }

  /** A request was sent (its first try): it earns `retryRatio` of a retry. */
  deposit(): void {
    this.#expire();
    this.#add(this.#deposit);
  }

  /** Takes one retry if the budget has one; false when it is spent. */
  tryWithdraw(): boolean {
    this.#expire();
    if (this.#reserve + this.#sum < RETRY) return false;
    this.#add(-RETRY);
    return true;
  }

  #add(amount: number): void {
    this.#slots[this.#head] = (this.#slots[this.#head] as number) + amount;
    this.#sum += amount;
  }

  /** Moves the head to the slot `now` falls in, emptying the slots it passes. */
  #expire(): void {
    const passed = Math.floor((this.#clock.now() - this.#headStart) / this.#slotMs);
    if (passed <= 0) return;
    for (let i = Math.min(passed, SLOTS); i > 0; i--) {
      this.#head = (this.#head + 1) % SLOTS;
      this.#sum -= this.#slots[this.#head] as number;
      this.#slots[this.#head] = 0;
    }
    this.#headStart += passed * this.#slotMs;
  }
}
