/**
 * The room's results as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they
 * hold a comma, quote or line break): one row per student and lab, and one row with an empty lab
 * for a student with no result yet, so everyone who joined is listed.
 *
 * Invariant: no cell starts with `=`, `+`, `-`, `@`, tab or carriage return — a student's name is
 * prefixed with `'` when it would, so opening the file in a spreadsheet never runs a formula a
 * student typed as their name (CSV injection).
 */
import type { LabResult, Student } from './store.ts';

export const CSV_COLUMNS = [
  'student',
  'joined_at',
  'lab',
  'attempts',
  'passed_items',
  'total_items',
  'passed',
  'first_passed_at',
  'last_at',
  'failing_items',
] as const;

function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
  return /[",\r\n]/u.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const iso = (ms: number | null): string => (ms === null ? '' : new Date(ms).toISOString());

export function resultsCsv(rows: readonly { student: Student; results: readonly LabResult[] }[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const { student, results } of rows) {
    const who = [student.name, iso(student.joinedAt)];
    if (results.length === 0) lines.push([...who, '', '', '', '', '', '', '', ''].map(cell).join(','));
    for (const r of results) {
      lines.push(
        [
          ...who,
          r.lab,
          String(r.attempts),
          String(r.passedItems),
          String(r.totalItems),
          r.passed ? 'yes' : 'no',
          iso(r.firstPassedAt),
          iso(r.lastAt),
          r.failing.map((item) => item.en).join(' | '),
        ]
          .map(cell)
          .join(','),
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
