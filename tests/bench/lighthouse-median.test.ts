/**
 * bench/site/lighthouse.ts reports a page that scored under 100 at first by the median of its
 * three runs (by performance, then total blocking time), counting only the runs that audited.
 */
import { describe, expect, it } from 'vitest';
import { medianRun, type LighthouseRow } from '../../bench/site/lighthouse.ts';

const row = (performance: number, tbtMs: number, error?: string): LighthouseRow => ({
  page: '/concurrency/goroutines/',
  kind: 'lab',
  scores: { performance, accessibility: 100, bestPractices: 100, seo: 100 },
  tbtMs,
  lcpMs: 1000,
  cls: 0,
  domElements: 1200,
  domFlagged: false,
  renderBlocking: [],
  runs: 1,
  ...(error === undefined ? {} : { error }),
});

describe('medianRun', () => {
  it('takes the middle run by performance, and by TBT between equal scores', () => {
    expect(medianRun([row(84, 620), row(100, 20), row(97, 180)])).toMatchObject({
      scores: { performance: 97 },
      tbtMs: 180,
      runs: 3,
    });
    expect(medianRun([row(99, 90), row(99, 150), row(99, 120)])).toMatchObject({ tbtMs: 120 });
  });

  it('leaves out a run that failed, and keeps the error row when every run failed', () => {
    expect(medianRun([row(0, 0, 'NO_NAVSTART'), row(92, 300), row(96, 210)])).toMatchObject({
      scores: { performance: 92 },
      runs: 2,
    });
    expect(medianRun([row(0, 0, 'NO_NAVSTART'), row(0, 0, 'NO_FCP')]).error).toBe('NO_NAVSTART');
  });
});
