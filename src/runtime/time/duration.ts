/**
 * Go's time.Duration as a number of milliseconds (`time.Second === 1000`), and Go's way of
 * printing one (`1.5s`, `250ms`, `1h2m3s`). Invariant: formatting rounds to whole nanoseconds,
 * Go's resolution, so `formatDuration(x)` equals Go's `time.Duration(x*1e6).String()`.
 */

/**
 * A span of time in milliseconds.
 *
 * Go: `time.Duration` (here in milliseconds, not nanoseconds: `Second === 1000`).
 */
export type Duration = number;

/** Go's time.Nanosecond: 1e-6 ms. */
export const Nanosecond: Duration = 1e-6;
/** Go's time.Microsecond: 0.001 ms. */
export const Microsecond: Duration = 1e-3;
/** Go's time.Millisecond: the unit of every Duration. */
export const Millisecond: Duration = 1;
/** Go's time.Second: 1000 ms. */
export const Second: Duration = 1000;
/** Go's time.Minute. */
export const Minute: Duration = 60 * Second;
/** Go's time.Hour. */
export const Hour: Duration = 60 * Minute;

// Go's fmtFrac: the fraction of v / 10^prec without trailing zeros ('' when it is zero).
function frac(v: number, prec: number): [string, number] {
  let digits = '';
  let print = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10;
    print ||= digit !== 0;
    if (print) digits = String(digit) + digits;
    v = Math.floor(v / 10);
  }
  return [print ? `.${digits}` : '', v];
}

/**
 * Go's `Duration.String()`: `formatDuration(1500)` is `1.5s`, `formatDuration(0.25)` is `250µs`.
 *
 * @example
 * ```ts
 * import { formatDuration, Millisecond, Second } from 'gort/time';
 *
 * console.log(formatDuration(90 * Second), formatDuration(1.5 * Millisecond)); // 1m30s 1.5ms
 * ```
 */
export function formatDuration(d: Duration): string {
  let u = Math.round(Math.abs(d) * 1e6); // nanoseconds
  const sign = d < 0 && u !== 0 ? '-' : '';
  if (u === 0) return '0s';
  if (u < 1e9) {
    const [unit, prec]: [string, number] = u < 1e3 ? ['ns', 0] : u < 1e6 ? ['µs', 3] : ['ms', 6];
    const [f, whole] = frac(u, prec);
    return `${sign}${whole}${f}${unit}`;
  }
  const [f, secs] = frac(u, 9);
  u = secs;
  let s = `${u % 60}${f}s`;
  u = Math.floor(u / 60);
  if (u > 0) {
    s = `${u % 60}m${s}`;
    u = Math.floor(u / 60);
    if (u > 0) s = `${u}h${s}`;
  }
  return sign + s;
}

const UNIT_NS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3, // U+00B5 micro sign
  μs: 1e3, // U+03BC Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/**
 * Go's `time.ParseDuration`: `parseDuration('1m10.2s')` is `70200`, `parseDuration('250ms')` is
 * `250`. A duration string is an optional sign and a sequence of decimal numbers, each with an
 * optional fraction and a unit (`ns`, `us` or `µs`, `ms`, `s`, `m`, `h`). Throws an Error with Go's
 * text (`time: invalid duration "1x"`, `time: missing unit in duration "1"`, `time: unknown unit
 * "x" in duration "1x"`) where Go returns one.
 *
 * @example
 * ```ts
 * import { parseDuration } from 'gort/time';
 *
 * console.log(parseDuration('1m30s')); // 90000
 * ```
 */
export function parseDuration(s: string): Duration {
  const quoted = JSON.stringify(s);
  const invalid = () => new Error(`time: invalid duration ${quoted}`);
  let rest = s;
  let neg = false;
  if (rest[0] === '-' || rest[0] === '+') {
    neg = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw invalid();
  let ns = 0;
  while (rest !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(rest)!;
    const [whole = '', fraction] = [num[1], num[2]];
    if (whole === '' && (fraction === undefined || fraction === '')) throw invalid();
    rest = rest.slice(num[0].length);
    const unit = /^[^\d.]*/.exec(rest)![0];
    if (unit === '') throw new Error(`time: missing unit in duration ${quoted}`);
    const scale = UNIT_NS[unit];
    if (scale === undefined)
      throw new Error(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`);
    rest = rest.slice(unit.length);
    ns += Number(whole || '0') * scale + (fraction ? Number(`0.${fraction}`) * scale : 0);
    if (ns > 2 ** 63) throw invalid();
  }
  const d = Math.round(ns) / 1e6;
  return neg ? -d : d;
}
