/**
 * The check items most students fail, per lab: what the instructor's dashboard lists under each lab.
 * Pure (no node:*, no DOM), so the server's dashboard snapshot (store.ts) and the page's live view
 * (ui/dashboard.ts) count the same way. Invariant: each student's latest report counts once per
 * item (items are told apart by their English text); the list is sorted by students, then by name,
 * and holds at most `limit` items; a lab nobody fails has no entry.
 */
import type { CheckText } from '../lab/check/text.ts';

export interface FailingItemCount {
  readonly item: CheckText;
  /** How many students' latest report of the lab fails this item. */
  readonly students: number;
}

/** Of each lab, the items failed in the most students' latest reports. */
export function mostFailing(
  results: readonly { readonly lab: string; readonly failing: readonly CheckText[] }[],
  limit = 5,
): Map<string, FailingItemCount[]> {
  const counts = new Map<string, Map<string, FailingItemCount>>();
  for (const result of results) {
    const perLab = counts.get(result.lab) ?? new Map<string, FailingItemCount>();
    counts.set(result.lab, perLab);
    for (const item of result.failing) {
      const seen = perLab.get(item.en);
      perLab.set(item.en, { item, students: (seen?.students ?? 0) + 1 });
    }
  }
  const top = new Map<string, FailingItemCount[]>();
  for (const [lab, perLab] of counts) {
    const sorted = [...perLab.values()]
      .sort((a, b) => b.students - a.students || a.item.en.localeCompare(b.item.en))
      .slice(0, limit);
    if (sorted.length > 0) top.set(lab, sorted);
  }
  return top;
}
