/**
 * Reads the table the resilience experiment prints (src/snippets/resilience/experiment/main.out):
 * a header line, then one row per caller — its name (which may hold spaces), the share of the
 * first 1000 requests that succeeded, the extra load retries added to them, their p99 latency, and
 * the extra load while every replica failed. `<ResilienceChart>` draws it, so the chart and table
 * on the page are the recorded numbers.
 *
 * Invariant: every row the experiment prints is returned, in order, or the function throws naming
 * the line it could not read (so the site build fails instead of drawing a wrong chart).
 */

export interface ResilienceRow {
  readonly caller: string;
  /** Percentages as numbers (66.7 for `66.70%`); extra loads are signed. */
  readonly success: number;
  readonly extraLoad: number;
  readonly allFailing: number;
  /** The cells as printed. */
  readonly text: {
    readonly success: string;
    readonly extraLoad: string;
    readonly p99: string;
    readonly allFailing: string;
  };
}

const ROW = /^(\S.*?)\s+(\d+\.\d+%)\s+([+-]\d+\.\d+%)\s+(\S+)\s+([+-]\d+\.\d+%)$/;

export function parseResilienceTable(out: string): ResilienceRow[] {
  const lines = out.trimEnd().split('\n').slice(1);
  return lines.map((line) => {
    const m = ROW.exec(line);
    if (m === null) throw new Error(`Expected a caller and four measures in ${JSON.stringify(line)}`);
    const [, caller, success, extraLoad, p99, allFailing] = m as unknown as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    return {
      caller,
      success: Number.parseFloat(success),
      extraLoad: Number.parseFloat(extraLoad),
      allFailing: Number.parseFloat(allFailing),
      text: { success, extraLoad, p99, allFailing },
    };
  });
}

/** Where `value` falls between `from` and `to` on a linear scale, as a fraction in [0, 1]. */
export function linearFraction(value: number, from: number, to: number): number {
  return Math.min(1, Math.max(0, (value - from) / (to - from)));
}
