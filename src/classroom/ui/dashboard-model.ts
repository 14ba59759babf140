/**
 * The dashboard's data (the shapes of src/classroom/README.md, typed from the store's own, type-only
 * so nothing of the server reaches the page) and the two things it derives from them: the check items
 * most students fail per lab (failing.ts, shared with the server) and the lab to release next. No
 * DOM: unit tested in tests/classroom/dashboard-model.test.ts.
 */
import type { CheckText } from '../../lab/check/text.ts';
import type { LabInfo } from '../server.ts';
import type * as store from '../store.ts';

export { mostFailing } from '../failing.ts';

/** The room's data as the API sends it (store.ts's shapes, without what stays on the server). */
export type Text2 = CheckText;
export type { LabInfo } from '../server.ts';
export type Student = Pick<store.Student, 'id' | 'name'>;
export type LabResult = store.LabResult;
export type Release = Pick<store.Release, 'id' | 'kind' | 'lab'>;
export type Share = store.ShareSummary;

/** The lab to release next: the one after the last released lab, else the first not released. */
export function nextLab(labs: readonly LabInfo[], releases: readonly Release[]): LabInfo | undefined {
  const released = new Set(releases.filter((r) => r.kind === 'lab').map((r) => r.lab));
  const last = [...releases].reverse().find((r) => r.kind === 'lab');
  const after = last ? labs.findIndex((lab) => lab.id === last.lab) + 1 : 0;
  return [...labs.slice(after), ...labs.slice(0, after)].find((lab) => !released.has(lab.id));
}
