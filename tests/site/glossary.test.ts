/**
 * The glossary (src/site/glossary.ts), which both locales' glossary pages render: each term once,
 * in both languages, defined in one line in each, and linked to a lesson that exists in both
 * locales and whose English page speaks of it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GLOSSARY, GROUP_TITLES } from '../../src/site/glossary.ts';

const docs = fileURLToPath(new URL('../../src/content/docs/', import.meta.url));
const entries = GLOSSARY.flatMap((g) => g.entries);
const CJK = /[\u3400-\u9fff]/;

describe('the glossary', () => {
  it('has each id and each term once, and anchors that cannot clash with its group headings', () => {
    expect(entries.length).toBeGreaterThanOrEqual(80);
    for (const key of ['id', 'en', 'zh'] as const) {
      const seen = entries.map((e) => e[key]);
      expect(
        seen.filter((v, i) => seen.indexOf(v) !== i),
        key,
      ).toEqual([]);
    }
    const groups = new Set(Object.values(GROUP_TITLES).map((g) => g.anchor));
    for (const e of entries) {
      expect(e.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(groups.has(e.id), e.id).toBe(false);
    }
  });

  it('defines every term in one line in each language', () => {
    for (const e of entries) {
      for (const def of [e.defEn, e.defZh]) {
        expect(def.trim(), e.id).toBe(def);
        expect(def, e.id).not.toMatch(/\n/);
        expect(def.length, e.id).toBeGreaterThan(15);
      }
      expect(e.defEn, e.id).not.toMatch(CJK);
      expect(e.defZh, e.id).toMatch(CJK);
      expect(e.zh, e.id).toMatch(/[\u3400-\u9fff]|^[A-Za-z]/);
    }
  });

  it('links every term to a lesson of both locales whose English page speaks of it', () => {
    for (const e of entries) {
      const en = `${docs}${e.lesson}.mdx`;
      expect(existsSync(en), `${e.id}: ${e.lesson}`).toBe(true);
      expect(existsSync(`${docs}zh-cn/${e.lesson}.mdx`), `${e.id}: zh-cn/${e.lesson}`).toBe(true);
      expect(readFileSync(en, 'utf8').toLowerCase(), `${e.id} in ${e.lesson}`).toContain(
        e.mention.toLowerCase(),
      );
    }
  });

  it('is on both locales’ pages, every group under its heading in the same order', () => {
    for (const [locale, file] of [
      ['en', 'reference/glossary.mdx'],
      ['zh-cn', 'zh-cn/reference/glossary.mdx'],
    ] as const) {
      const page = readFileSync(`${docs}${file}`, 'utf8');
      const shown = [...page.matchAll(/^## (.+)\n\n<Glossary locale="([^"]+)" group="([^"]+)" \/>$/gm)].map(
        ([, heading, loc, group]) => [heading, loc, group],
      );
      expect(shown).toEqual(
        GLOSSARY.map(({ group }) => [
          locale === 'en' ? GROUP_TITLES[group].en : GROUP_TITLES[group].zh,
          locale,
          group,
        ]),
      );
    }
    // The English headings' anchors, as Starlight makes them, are the ones the ids must not clash with.
    for (const t of Object.values(GROUP_TITLES))
      expect(t.en.toLowerCase().replaceAll(' ', '-')).toBe(t.anchor);
  });
});
