/**
 * The lab's words match the guide: every toolbar button is named on the "How the labs work" page of
 * its language exactly as the lab labels it (in bold, the way the page names controls), and the
 * shortcut line names the Esc key the page tells learners to press. Also: the locale a page's lab
 * components take from Astro (`pageLocale`).
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { labStrings, pageLocale, type LabLocale, type LabStringKey } from '../../src/lab/ui/i18n.ts';

const GUIDES: Record<LabLocale, string> = {
  en: 'src/content/docs/how-labs-work.mdx',
  'zh-cn': 'src/content/docs/zh-cn/how-labs-work.mdx',
};

const BUTTONS: readonly LabStringKey[] = [
  'lab.run',
  'lab.stop',
  'lab.reset',
  'lab.check',
  'lab.solution',
  'lab.share',
];

describe('the lab’s labels', () => {
  for (const [locale, guide] of Object.entries(GUIDES) as Array<[LabLocale, string]>) {
    it(`are the words the ${locale} guide uses for the buttons and the stop key`, async () => {
      const text = await readFile(guide, 'utf8');
      const strings = labStrings(locale);
      const missing = BUTTONS.map((key) => strings[key]).filter((label) => !text.includes(`**${label}**`));
      expect(missing, `${guide} names these buttons differently`).toEqual([]);
      expect(text).toContain('<kbd>Esc</kbd>');
      expect(strings['lab.shortcuts']).toMatch(/(^|\s)Esc\s/);
    });
  }
});

describe('the page’s locale', () => {
  it('is Starlight’s route language, or Astro’s own off Starlight pages (where reading throws)', () => {
    const starlight = (lang: string) => ({ starlightRoute: { lang } });
    expect(pageLocale({ locals: starlight('zh-CN'), currentLocale: 'en' })).toBe('zh-cn');
    expect(pageLocale({ locals: starlight('en'), currentLocale: 'zh-cn' })).toBe('en');
    const offStarlight = Object.defineProperty({}, 'starlightRoute', {
      get() {
        throw new Error('`locals.starlightRoute` is not defined');
      },
    });
    expect(pageLocale({ locals: offStarlight, currentLocale: 'zh-cn' })).toBe('zh-cn');
    expect(pageLocale({ locals: offStarlight, currentLocale: undefined })).toBe('en');
    expect(pageLocale({ locals: {}, currentLocale: 'zh-cn' })).toBe('zh-cn');
  });
});
