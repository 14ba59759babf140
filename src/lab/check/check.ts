/**
 * `defineCheck` (what a lab's check.ts exports) and `runCheck` (what the lab host calls).
 *
 * Invariant: runCheck never rejects and always settles within the check's time limit. A throw inside the check (including one from `t.start`, or an
 * assertion library) becomes one failed item carrying the message, recorded after the items that
 * came before it, so the learner sees how far the check got.
 */
import { createCheckContext, type CheckContext } from './context.ts';
import type { CheckEnvironment } from './program.ts';
import { toReport, type CheckReport } from './report.ts';
import { CheckFailure, say, same, type CheckText } from './text.ts';

/**
 * The body of a check: receives the check context `t` and records items through it (`t.expect`,
 * `t.equal`, …). A throw fails the check with one item carrying the message. Go: the closest is a
 * test function, `func TestX(t *testing.T)`.
 */
export type CheckFunction = (t: CheckContext) => void | Promise<void>;

const checkBrand = Symbol.for('labcheck.check');

/**
 * A check, as exported by a lab's check.ts.
 *
 * Go: a test function registered with `go test` (`func TestX(t *testing.T)`).
 */
export interface Check {
  readonly [checkBrand]: true;
  readonly fn: CheckFunction;
}

/**
 * Declares a lab's check: `export default defineCheck(async (t) => { ... })`.
 *
 * Go: a test function, `func TestX(t *testing.T)`.
 *
 * @throws `TypeError` when `fn` is not a function (`defineCheck expects a function (t) => ..., got undefined`).
 *
 * @example
 * ```ts
 * import { defineCheck } from 'labcheck';
 *
 * export default defineCheck(async (t) => {
 *   const run = await t.run();
 *   t.exitsCleanly(run);
 *   t.noLeaks(run);
 * });
 * ```
 */
export function defineCheck(fn: CheckFunction): Check {
  if (typeof fn !== 'function') {
    throw new TypeError(`defineCheck expects a function (t) => ..., got ${typeof fn}`);
  }
  return { [checkBrand]: true, fn };
}

/**
 * Whether `value` is what defineCheck returns (a check module's default export).
 *
 * No Go counterpart (`go test` finds tests by their names).
 *
 * @example
 * ```ts
 * import { defineCheck, isCheck } from 'labcheck';
 *
 * console.log(isCheck(defineCheck(() => {})), isCheck({})); // true false
 * ```
 */
export function isCheck(value: unknown): value is Check {
  return typeof value === 'object' && value !== null && checkBrand in value;
}

/** Words for what a check threw: labcheck's own failures in both languages, anything else as is. */
function messageOf(error: unknown): CheckText {
  if (error instanceof CheckFailure) return error.text;
  if (error instanceof Error) return same(error.message === '' ? error.name : error.message);
  return same(String(error));
}

/** Extra time the check itself gets beyond the program's budget (to read results and report). */
const CHECK_GRACE_MS = 500;

/**
 * Runs `check` against `env` and returns its report. A check still running `env.timeoutMs` (plus a
 * little grace) after it started, e.g. awaiting a service that never answers, is reported with the
 * items it recorded so far and one failed item saying it did not finish.
 *
 * Go: what `go test` does with one test function.
 *
 * @example
 * ```ts
 * import { defineCheck, runCheck, type CheckEnvironment } from 'labcheck';
 *
 * declare const env: CheckEnvironment;
 * const report = await runCheck(defineCheck((t) => void t.expect({ en: 'ok', 'zh-cn': '好' }, true)), env);
 * console.log(report.passed); // true
 * ```
 */
export async function runCheck(check: Check | CheckFunction, env: CheckEnvironment): Promise<CheckReport> {
  const recorder = createCheckContext(env);
  const fn = typeof check === 'function' ? check : check.fn;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = env.timeoutMs + CHECK_GRACE_MS;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), limit);
  });
  try {
    const outcome = await Promise.race([Promise.resolve().then(() => fn(recorder.context)), timedOut]);
    if (outcome === 'timeout') {
      recorder.fail(say('checkFinished', { seconds: limit / 1000 }), say('checkWaiting'));
    }
  } catch (error) {
    recorder.fail(say('ranToEnd'), messageOf(error));
  } finally {
    clearTimeout(timer);
  }
  // Items recorded after a timeout (by a check still running) must not change the report.
  return toReport(recorder.items.slice());
}

/**
 * The report of a check that could not even be loaded (the lab host's words for it).
 *
 * Go: `go test`'s `FAIL … [build failed]`.
 *
 * @example
 * ```ts
 * import { unloadableCheckReport } from 'labcheck';
 *
 * console.log(unloadableCheckReport('SyntaxError: Unexpected token').passed); // false
 * ```
 */
export function unloadableCheckReport(detail: string): CheckReport {
  return toReport([{ name: say('checkLoads'), pass: false, detail: same(detail) }]);
}
