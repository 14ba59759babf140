/**
 * Envoy's retry budget: retries in flight may not exceed `percent`% of requests in flight, but at
 * least `minConcurrency` retries are always allowed (`retry_budget { budget_percent: 20,
 * min_retry_concurrency: 3 }`). A fixed "retry 3 times" turns an outage of a few replicas into
 * up to 4x the load on the rest; a budget keeps retry traffic a bounded fraction of real traffic.
 * Invariant: counts never go negative; `tryAcquire` and `release` are paired by the caller.
 */
import { checkNumber } from '../errors.ts';

export interface RetryBudgetOptions {
  /** Default 20. */
  percent?: number;
  /** Default 3. */
  minConcurrency?: number;
}

export class RetryBudget {
  readonly percent: number;
  readonly minConcurrency: number;
  #requests = 0;
  #retries = 0;

  constructor(options: RetryBudgetOptions = {}) {
    this.percent = checkNumber('percent', options.percent ?? 20, 0, 100);
    this.minConcurrency = checkNumber('minConcurrency', options.minConcurrency ?? 3, 0);
  }

  get activeRequests(): number {
    return this.#requests;
  }
  get activeRetries(): number {
    return this.#retries;
  }

  requestStarted(): void {
    this.#requests++;
  }
  requestEnded(): void {
    this.#requests = Math.max(0, this.#requests - 1);
  }

  /** Takes a retry slot if the budget allows one. */
  tryAcquire(): boolean {
    const allowed = Math.max(this.minConcurrency, (this.#requests * this.percent) / 100);
    if (this.#retries + 1 > allowed) return false;
    this.#retries++;
    return true;
  }
  release(): void {
    this.#retries = Math.max(0, this.#retries - 1);
  }
}
