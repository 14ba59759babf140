/**
 * Starlight's interface strings on Chinese pages are Chinese: every key of its i18n schema (search,
 * table of contents, asides, code-block buttons, the Pagefind results heading…) resolves, for the
 * zh-CN pages, to Chinese text — Starlight's own zh-CN translation, or ours in
 * src/content/i18n/zh-CN.json where it has none or leaves one in English. Starlight fills a gap
 * silently with the English string, so a Starlight upgrade that adds a key, or an override removed,
 * would otherwise put English on a Chinese page unnoticed.
 *
 * It layers the dictionaries with Starlight's own translation system (not part of its public API:
 * if an upgrade moves it, this import is what to update).
 */
import { readFileSync } from 'node:fs';
import { i18nSchema } from '@astrojs/starlight/schema';
import { describe, expect, it } from 'vitest';
import {
  createTranslationSystem,
  type I18nKeys,
} from '../../node_modules/@astrojs/starlight/dist/utils/createTranslationSystem.js';

type Config = Parameters<typeof createTranslationSystem>[0];
type Dictionary = Parameters<typeof createTranslationSystem>[1][string];

const ours = JSON.parse(
  readFileSync(new URL('../../src/content/i18n/zh-CN.json', import.meta.url), 'utf8'),
) as Dictionary;

// The site's locales, as astro.config.mjs declares them (English at the root).
const english = { label: 'English', lang: 'en', dir: 'ltr' } as const;
const config = {
  defaultLocale: { ...english, locale: undefined },
  locales: { root: english, 'zh-cn': { label: '简体中文', lang: 'zh-CN', dir: 'ltr' } },
} as unknown as Config;

const CJK = /[\u3400-\u9fff]/;
/** Keys whose Chinese text is rightly not Chinese. */
const SAME_IN_CHINESE = new Set(['search.ctrlKey']); // the key's label, “Ctrl”

describe('Starlight’s interface in Chinese', () => {
  it('has Chinese text for every string Starlight shows', async () => {
    const t = (await createTranslationSystem(config, { 'zh-CN': ours }))('zh-CN');
    const keys = Object.keys(i18nSchema().shape) as I18nKeys[];
    expect(keys.length).toBeGreaterThan(30);
    const untranslated = keys.filter((key) => !SAME_IN_CHINESE.has(key) && !CJK.test(t(key)));
    expect(untranslated, 'keys shown in English on Chinese pages').toEqual([]);
  });

  it('heads search results in Chinese, with the count and the query in place', async () => {
    const t = (await createTranslationSystem(config, { 'zh-CN': ours }))('zh-CN');
    expect(t('pagefind.many_results')).toMatch(/^(?=.*\[COUNT\])(?=.*\[SEARCH_TERM\]).*[\u3400-\u9fff]/);
    expect(t('pagefind.one_result')).toMatch(/^(?=.*\[COUNT\])(?=.*\[SEARCH_TERM\]).*[\u3400-\u9fff]/);
    expect(t('pagefind.zero_results')).toMatch(/^(?=.*\[SEARCH_TERM\]).*[\u3400-\u9fff]/);
  });

  it('keeps English on the English pages', async () => {
    const t = (await createTranslationSystem(config, { 'zh-CN': ours }))('en');
    expect(t('tableOfContents.onThisPage')).toBe('On this page');
    expect(t('heading.anchorLabel', { title: 'Select' })).toBe('Section titled “Select”');
  });
});
