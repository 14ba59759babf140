/**
 * Reads a table of counts a lesson's experiment prints (for example
 * src/snippets/data-consistency/experiment/main.out): a header line of column names, one word each
 * (`strategy  confirmed  charged-twice  stock-held  money-kept`), then one row per case — its name
 * and a whole number for every other column. `<TallyChart>` draws it, so the chart and table on the
 * page are the recorded numbers.
 *
 * Invariant: every row is returned, in order, with as many counts as the header has columns after
 * the first, or the function throws naming the line it could not read (the site build fails
 * instead of drawing a wrong chart).
 */

export interface TallyTable {
  /** The header's names, the first (the rows' label column) included. */
  readonly columns: readonly string[];
  readonly rows: readonly TallyRow[];
}

export interface TallyRow {
  readonly name: string;
  /** One count per column after the first, in the header's order. */
  readonly counts: readonly number[];
}

export function parseTallyTable(out: string): TallyTable {
  const [header, ...lines] = out.trimEnd().split('\n');
  const columns = (header ?? '').trim().split(/\s+/);
  if (columns.length < 2) {
    throw new Error(`Expected a header of at least two column names, got ${JSON.stringify(header)}`);
  }
  const rows = lines.map((line) => {
    const cells = line.trim().split(/\s+/);
    if (cells.length !== columns.length || !cells.slice(1).every((c) => /^\d+$/.test(c))) {
      throw new Error(
        `Expected a name and ${columns.length - 1} whole numbers in the row, got ${JSON.stringify(line)}`,
      );
    }
    return { name: cells[0] ?? '', counts: cells.slice(1).map(Number) };
  });
  return { columns, rows };
}

/** The count of `column` in `row` (a name from the header), or a thrown error naming it. */
export function countOf(table: TallyTable, row: TallyRow, column: string): number {
  const i = table.columns.indexOf(column);
  if (i < 1) throw new Error(`No column ${JSON.stringify(column)} in ${table.columns.join(' ')}`);
  return row.counts[i - 1] ?? 0;
}

/** A round upper end for a linear axis that holds `max`: 1, 2 or 5 times a power of ten. */
export function axisEnd(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}
