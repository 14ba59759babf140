/**
 * Durations in what a learner's program printed: Go's `Duration.String()` text (`85ms`, `1m10.2s`)
 * read back with gort's `parseDuration` (Go's `time.ParseDuration`), so a check compares virtual
 * times as numbers. Printing one is gort's `formatDuration`, which checks import from `gort/time`.
 */
import { parseDuration } from 'gort/time';

/**
 * `text` as milliseconds, or undefined when it is not a Go duration (a program may print anything).
 *
 * Go: `time.ParseDuration`, in milliseconds.
 *
 * @example
 * ```ts
 * import { durationMs } from 'labcheck';
 *
 * console.log(durationMs('1.5s'), durationMs('soon')); // 1500 undefined
 * ```
 */
export function durationMs(text: string): number | undefined {
  try {
    return parseDuration(text);
  } catch {
    return undefined;
  }
}
