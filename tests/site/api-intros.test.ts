/**
 * The API reference's Chinese section introductions (src/site/api-intros.ts): one per package and
 * subpackage the reference documents, each in Chinese and naming its module.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiEntryPoints } from '../../src/site/api-reference.mjs';
import { API_BODY_NOTE_ZH, API_INTROS_ZH } from '../../src/site/api-intros.ts';

/** Each entry point's module name, from its `@module` tag (as TypeDoc names its page). */
const modules = apiEntryPoints().map((file) => {
  const tag = /@module\s+(\S+)/.exec(readFileSync(file, 'utf8'));
  if (tag === null) throw new Error(`${file} has no @module tag`);
  return tag[1] as string;
});

const CJK = /[\u3400-\u9fff]/;

describe('the API reference’s Chinese introductions', () => {
  it('cover every module the reference documents, and no other', () => {
    expect(modules.length).toBe(16);
    expect(Object.keys(API_INTROS_ZH).sort()).toEqual([...modules].sort());
  });

  it('are Chinese, name their module and are one paragraph', () => {
    for (const [module, intro] of Object.entries(API_INTROS_ZH)) {
      expect(intro, module).toMatch(CJK);
      expect(intro, module).toContain(`\`${module}\``);
      expect(intro, module).not.toContain('\n');
    }
    expect(API_BODY_NOTE_ZH).toMatch(CJK);
  });
});
