/**
 * Names close to one a learner mistyped (`spwan` for `spawn`, `waitgroup` for `WaitGroup`), for the
 * "did you mean" of an import error.
 *
 * Close means: the same ignoring case, or at most one edit away for names up to 4 characters and
 * two beyond (an edit is inserting, deleting or changing a character, or swapping two neighbours:
 * the optimal string alignment distance). At most three, nearest first, then by name.
 */

/** Optimal string alignment distance between `a` and `b`. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number) => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return at(a.length, b.length);
}

export function closeNames(wanted: string, candidates: Iterable<string>): string[] {
  const limit = wanted.length <= 4 ? 1 : 2;
  const scored: { name: string; distance: number }[] = [];
  for (const name of new Set(candidates)) {
    if (name === wanted) continue;
    const distance =
      name.toLowerCase() === wanted.toLowerCase()
        ? 0
        : editDistance(name.toLowerCase(), wanted.toLowerCase());
    if (distance <= limit) scored.push({ name, distance });
  }
  scored.sort((x, y) => x.distance - y.distance || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return scored.slice(0, 3).map(({ name }) => name);
}
