/**
 * The dashboard's derived data: the most failed check items per lab (the server's rule, applied to
 * the grid the page holds) and the lab "Release the next lab" names.
 */
import { describe, expect, it } from 'vitest';
import {
  mostFailing,
  nextLab,
  type LabResult,
  type Release,
} from '../../src/classroom/ui/dashboard-model.ts';

const text = (en: string) => ({ en, 'zh-cn': `项 ${en}` });
const result = (studentId: number, lab: string, failing: string[]): LabResult => ({
  studentId,
  lab,
  attempts: 1,
  passedItems: 0,
  firstPassedAt: null,
  totalItems: failing.length,
  passed: failing.length === 0,
  failing: failing.map(text),
  lastAt: 0,
});
const labs = ['a/one', 'b/two', 'c/three'].map((id) => ({ id, title: text(id), lesson: id }));
const release = (id: number, kind: 'lab' | 'solution', lab: string): Release => ({ id, kind, lab });

describe('mostFailing', () => {
  it('counts students per failed item in their latest reports, most first, ties by name, five at most', () => {
    const top = mostFailing([
      result(1, 'a/one', ['closes', 'waits']),
      result(2, 'a/one', ['waits']),
      result(3, 'a/one', ['waits', 'b1', 'b2', 'b3', 'b4']),
      result(1, 'b/two', []),
    ]);
    expect(top.get('a/one')).toEqual([
      { item: text('waits'), students: 3 },
      { item: text('b1'), students: 1 },
      { item: text('b2'), students: 1 },
      { item: text('b3'), students: 1 },
      { item: text('b4'), students: 1 },
    ]);
    expect(top.has('b/two')).toBe(false);
  });
});

describe('nextLab', () => {
  it('is the first lab before any release', () => {
    expect(nextLab(labs, [])?.id).toBe('a/one');
  });
  it('follows the last released lab, ignoring solutions, and skips released ones', () => {
    expect(nextLab(labs, [release(1, 'lab', 'a/one'), release(2, 'solution', 'c/three')])?.id).toBe('b/two');
    expect(nextLab(labs, [release(1, 'lab', 'c/three')])?.id).toBe('a/one');
    expect(nextLab(labs, [release(1, 'lab', 'b/two'), release(2, 'lab', 'a/one')])?.id).toBe('c/three');
  });
  it('is none when every lab is released', () => {
    expect(
      nextLab(
        labs,
        labs.map((lab, i) => release(i, 'lab', lab.id)),
      ),
    ).toBeUndefined();
  });
});
