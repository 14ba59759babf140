/**
 * Check reports: collecting named items, deciding pass/fail, and printing them.
 *
 * Invariants: a report passes only when it has at least one item and every item passes (a check
 * that asserted nothing proves nothing); items keep the order the check recorded them in.
 * These types are the source of truth (src/lab/runner.ts re-exports them), so that the published
 * `labcheck` declarations stand alone.
 */

import type { CheckText } from './text.ts';

/**
 * One named item of a check report; its words in both languages (the UI shows the page's).
 *
 * Go: one `--- PASS` or `--- FAIL` line of `go test -v`.
 */
export interface CheckItem {
  readonly name: CheckText;
  readonly pass: boolean;
  /** Why it failed (or what was seen), for the learner. */
  readonly detail?: CheckText;
  /** The schedule token the item was seen under (`t.explore`): a run can replay exactly it. */
  readonly schedule?: string;
}

/**
 * A check's verdict: every item recorded, and whether it passed (at least one item, all passing).
 *
 * Go: the output of `go test -v`: each test's verdict and `ok` or `FAIL`.
 */
export interface CheckReport {
  readonly items: readonly CheckItem[];
  readonly passed: boolean;
}

/**
 * The report for `items`, applying the pass rule above.
 *
 * Go: `go test`'s verdict: `ok` when every test passed.
 *
 * @example
 * ```ts
 * import { toReport } from 'labcheck';
 *
 * console.log(toReport([]).passed); // false: a check that asserted nothing proves nothing
 * ```
 */
export function toReport(items: readonly CheckItem[]): CheckReport {
  return { items: [...items], passed: items.length > 0 && items.every((item) => item.pass) };
}

/**
 * Human-readable report in English, one line per item, for terminals (`npm run lab -- <id> --check`).
 *
 * Go: the `--- PASS` / `--- FAIL` lines of `go test -v`.
 *
 * @example
 * ```ts
 * import { formatReport, toReport } from 'labcheck';
 *
 * console.log(formatReport(toReport([{ name: { en: 'prints ping', 'zh-cn': '打印 ping' }, pass: true }])));
 * ```
 */
export function formatReport(report: CheckReport): string {
  const lines = report.items.map((item) => {
    const mark = item.pass ? '✓' : '✗';
    return item.detail === undefined || item.detail.en === ''
      ? `${mark} ${item.name.en}`
      : `${mark} ${item.name.en}\n    ${item.detail.en.split('\n').join('\n    ')}`;
  });
  if (report.items.length === 0) lines.push('✗ the check recorded no items');
  const passed = report.items.filter((item) => item.pass).length;
  lines.push(
    report.passed
      ? `check passed (${passed}/${report.items.length})`
      : `check failed (${passed}/${report.items.length} passed)`,
  );
  return `${lines.join('\n')}\n`;
}
