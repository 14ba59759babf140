/**
 * Check items written with `code` in backticks show it as code in the report (report-view.ts), as the deadlock explainer's sentences do (stuck-view.ts); the
 * runs are cut without a DOM, and a lone backtick stays as text.
 */
import { describe, expect, it } from 'vitest';
import { inlineCodeRuns } from '../../src/lab/ui/dom.ts';

describe('inlineCodeRuns', () => {
  it('cuts the code a pair of backticks encloses out of the text', () => {
    expect(inlineCodeRuns('at most `queue` requests wait')).toEqual([
      { code: false, text: 'at most ' },
      { code: true, text: 'queue' },
      { code: false, text: ' requests wait' },
    ]);
    expect(inlineCodeRuns('任何时刻排队等待的请求都不超过 `queue` 个')).toEqual([
      { code: false, text: '任何时刻排队等待的请求都不超过 ' },
      { code: true, text: 'queue' },
      { code: false, text: ' 个' },
    ]);
  });

  it('handles code at either end, several spans, and text without code', () => {
    expect(inlineCodeRuns('`a` and `b`')).toEqual([
      { code: true, text: 'a' },
      { code: false, text: ' and ' },
      { code: true, text: 'b' },
    ]);
    expect(inlineCodeRuns('no code here')).toEqual([{ code: false, text: 'no code here' }]);
    expect(inlineCodeRuns('')).toEqual([]);
  });

  it('leaves a lone backtick, an empty pair and a pair across lines as text', () => {
    expect(inlineCodeRuns('a ` alone')).toEqual([{ code: false, text: 'a ` alone' }]);
    expect(inlineCodeRuns('empty `` pair')).toEqual([{ code: false, text: 'empty `` pair' }]);
    expect(inlineCodeRuns('`one\ntwo`')).toEqual([{ code: false, text: '`one\ntwo`' }]);
  });
});
