/**
 * How a program talks to its host: the options `configure()` takes (ARCHITECTURE.md, "The program
 * entry"), and their validation.
 *
 * Invariant: a Runtime is only ever built from options that passed {@link validateOptions}, which
 * names the option and what it got (``Expected `clock` to be 'virtual' or 'real', got sundial``).
 */
import type { TraceEvent } from './trace.ts';

/** How a program talks to its host. */
export interface RuntimeOptions {
  /** `'real'` (default) or `'virtual'`: time jumps to the next timer when every goroutine is parked. */
  clock?: 'virtual' | 'real' | undefined;
  /** Seed for select's random choices and `rand.float()`; default: a random seed. */
  seed?: number | undefined;
  /** Where program output goes; default: process.stdout/stderr, else the console. */
  write?: ((fd: 1 | 2, text: string) => void) | undefined;
  /** How the program ends; default: `globalThis.process?.exit`. */
  exit?: ((code: number) => void) | undefined;
  /** Trace subscriber; default none (tracing then costs nothing). */
  trace?: ((e: TraceEvent) => void) | undefined;
}

const FUNCTIONS = ['write', 'exit', 'trace'] as const;

/** Throws a TypeError naming the first option that is not what it must be. */
export function validateOptions(o: RuntimeOptions): void {
  if (typeof o !== 'object' || o === null) {
    throw new TypeError(`Expected the options to be an object, got ${o === null ? 'null' : typeof o}`);
  }
  if (o.clock !== undefined && o.clock !== 'virtual' && o.clock !== 'real') {
    throw new TypeError(`Expected \`clock\` to be 'virtual' or 'real', got ${String(o.clock)}`);
  }
  if (o.seed !== undefined && (typeof o.seed !== 'number' || !Number.isFinite(o.seed))) {
    throw new TypeError(`Expected \`seed\` to be a finite number, got ${String(o.seed)}`);
  }
  for (const k of FUNCTIONS) {
    if (o[k] !== undefined && typeof o[k] !== 'function') {
      throw new TypeError(`Expected \`${k}\` to be a function, got ${typeof o[k]}`);
    }
  }
}
