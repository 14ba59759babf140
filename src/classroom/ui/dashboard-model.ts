/**
 * The dashboard's data (the shapes of src/classroom/README.md) and the two things it derives from
 * them: the check items most students fail per lab, and the lab to release next. No DOM: unit
 * tested in tests/classroom/dashboard-model.test.ts.
 */
export interface Text2 {
  readonly en: string;
  readonly 'zh-cn': string;
}
export interface LabInfo {
  readonly id: string;
  readonly title: Text2;
  readonly lesson: string;
}
export interface Student {
  readonly id: number;
  readonly name: string;
}
export interface LabResult {
  readonly studentId: number;
  readonly lab: string;
  readonly attempts: number;
  readonly passedItems: number;
  readonly totalItems: number;
  readonly passed: boolean;
  readonly failing: readonly Text2[];
  readonly lastAt: number;
}
export interface Release {
  readonly id: number;
  readonly kind: 'lab' | 'solution';
  readonly lab: string;
}
export interface Share {
  readonly id: number;
  readonly studentId: number;
  readonly lab: string;
  readonly files: readonly string[];
  readonly at: number;
}
/** Per lab, the items failed in the most students' latest reports (ties by name), five at most. */
export function mostFailing(results: readonly LabResult[]): Map<string, { item: Text2; students: number }[]> {
  const counts = new Map<string, Map<string, { item: Text2; students: number }>>();
  for (const result of results) {
    const lab = counts.get(result.lab) ?? new Map<string, { item: Text2; students: number }>();
    counts.set(result.lab, lab);
    for (const item of result.failing) {
      const entry = lab.get(item.en) ?? { item, students: 0 };
      entry.students += 1;
      lab.set(item.en, entry);
    }
  }
  const top = new Map<string, { item: Text2; students: number }[]>();
  for (const [lab, items] of counts) {
    const sorted = [...items.values()]
      .sort((a, b) => b.students - a.students || a.item.en.localeCompare(b.item.en))
      .slice(0, 5);
    if (sorted.length > 0) top.set(lab, sorted);
  }
  return top;
}

/** The lab to release next: the one after the last released lab, else the first not released. */
export function nextLab(labs: readonly LabInfo[], releases: readonly Release[]): LabInfo | undefined {
  const released = new Set(releases.filter((r) => r.kind === 'lab').map((r) => r.lab));
  const last = [...releases].reverse().find((r) => r.kind === 'lab');
  const after = last ? labs.findIndex((lab) => lab.id === last.lab) + 1 : 0;
  return [...labs.slice(after), ...labs.slice(0, after)].find((lab) => !released.has(lab.id));
}
