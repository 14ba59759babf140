/**
 * Schedule exploration: a seeded scheduler that picks, at every scheduling point, one of the orders
 * Go's scheduler could also produce, so that a program whose result depends on luck fails on some
 * seed instead of passing in gort's one fixed order.
 *
 * Go promises nothing about which runnable goroutine runs next (with several Ps any of them may run,
 * in any order), and may preempt a goroutine at any point. gort can switch goroutines only where one
 * awaits a runtime operation, so the explorer decides two things there:
 *  - which goroutine of the run queue runs next (`pick`): any runnable one, uniformly;
 *  - how many operations that complete without blocking the resumed goroutine may make before it is
 *    preempted (`budget`): geometric, mean about 2, so a read-modify-write split by an `await` of
 *    a buffered send or an uncontended lock is interleaved with others.
 * Everything else stays Go's: a goroutine runs only once it is runnable (the run queue holds only
 * woken and new goroutines), select picks uniformly among its ready cases (with the same seed), and
 * timers fire in virtual-time order.
 *
 * A schedule is named by a token, `<mode>-<seed>` (`rw-17`): the same token and program give the same
 * interleaving, output and trace, because every choice above and every select choice is drawn from
 * sources seeded by the token alone. Modes: `rw`, the random walk just described.
 *
 * Invariant: a Runtime without a schedule never consults an Explorer (its order is the default FIFO,
 * byte for byte).
 */
import { Rand } from './rand.ts';

/**
 * A parsed schedule token.
 *
 * No Go counterpart: one reproducible order of Go's scheduler, as a token.
 */
export interface Schedule {
  readonly mode: ScheduleMode;
  /** 0 ≤ seed < 2³². */
  readonly seed: number;
}

/** The exploration strategies a token may name. */
export const SCHEDULE_MODES = ['rw'] as const;
/**
 * A schedule token's exploration strategy: `rw`, run-queue order drawn from the token's seed (the
 * only one today). No Go counterpart: Go's scheduler cannot be replayed; this is what makes a gort
 * interleaving reproducible.
 */
export type ScheduleMode = (typeof SCHEDULE_MODES)[number];

const TOKEN = /^([a-z]+)-(0|[1-9]\d{0,9})$/;

/**
 * The schedule a token names, or null when it is not a well-formed token.
 *
 * No Go counterpart: Go's scheduler cannot be replayed (the nearest is `go test -race`'s random scheduling).
 *
 * @example
 * ```ts
 * import { parseSchedule } from 'gort';
 *
 * console.log(parseSchedule('rw-17')); // { mode: 'rw', seed: 17 }
 * console.log(parseSchedule('nonsense')); // null
 * ```
 */
export function parseSchedule(token: string): Schedule | null {
  const m = TOKEN.exec(token);
  if (m === null) return null;
  const mode = SCHEDULE_MODES.find((k) => k === m[1]);
  const seed = Number(m[2]);
  if (mode === undefined || seed > 0xffffffff) return null;
  return { mode, seed };
}

/**
 * The token of a schedule (`rw-17`).
 *
 * No Go counterpart (see `parseSchedule`).
 *
 * @example
 * ```ts
 * import { scheduleToken } from 'gort';
 *
 * console.log(scheduleToken({ mode: 'rw', seed: 17 })); // rw-17
 * ```
 */
export function scheduleToken(s: Schedule): string {
  return `${s.mode}-${s.seed}`;
}

/** Chance that an operation completing without blocking is a preemption point. */
const PREEMPT_P = 0.35;

/** The scheduler's choices for one schedule (see the header). */
export class Explorer {
  readonly #rand: Rand;
  readonly #maxBudget: number;

  /** `maxBudget`: never let a goroutine run more completions in a row than Go's own preemption. */
  constructor(schedule: Schedule, maxBudget: number) {
    // A stream of its own, so select's choices (seeded by the same seed) stay uniform and independent.
    this.#rand = new Rand(Math.imul(schedule.seed ^ 0x5bd1e995, 0x27d4eb2d));
    this.#maxBudget = maxBudget;
  }

  /** Which of `n` runnable entries runs next (0 is the one FIFO order would run). */
  pick(n: number): number {
    return n === 1 ? 0 : this.#rand.intn(n);
  }

  /** Completions without blocking the goroutine just resumed may make before it is preempted. */
  budget(): number {
    let k = 0;
    while (k < this.#maxBudget && this.#rand.float() >= PREEMPT_P) k++;
    return k;
  }
}
