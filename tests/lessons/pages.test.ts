/**
 * The lesson pages, read as files: each lesson exists in English and Chinese with the required
 * frontmatter, embeds its labs with `<Lab id>`, in order (and each lab exists, belongs to that
 * lesson and loads), and shows code only from real snippet files that tests/lessons/snippets.test.ts
 * (TypeScript) and go-programs.test.ts (Go) compile and run. Each page says which Go release printed its Go output,
 * and that release is the one src/snippets/go-version.json records.
 *
 * Why "only from files": a TypeScript or Go block typed into MDX would never be compiled, and would
 * drift from the runtime's API or from Go the first time a name changed. So pages may not contain
 * ts or go fences at all.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../../src/lab/load.ts';
import { readGoVersionRecord } from '../go/record.ts';
import { goRelease } from '../go/toolchain.ts';
import { goPrograms } from './go-programs.ts';
import { labsDir, lessons, locales, pageFile, repo, snippetFiles, snippetsDir } from './lessons.ts';

/** The Go release the recorded Go output comes from, as the pages name it (`1.26`). */
const recordedRelease = goRelease(readGoVersionRecord().go);

/** How each locale says which Go printed a page's Go output. */
const goStatement = {
  en: /The Go output on this page was printed by Go (\d+\.\d+)\b/,
  'zh-cn': /本页的 Go 输出由 Go (\d+\.\d+)/,
} as const;

/** The frontmatter block's lines (between the leading `---` fences). */
function frontmatter(source: string): string {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(source);
  if (match === null) throw new Error('no frontmatter');
  return match[1] ?? '';
}

/** `import name from 'spec'` statements of an MDX page. */
function imports(source: string): { name: string; spec: string }[] {
  return [...source.matchAll(/^import\s+(\w+)\s+from\s+'([^']+)';$/gm)].map((m) => ({
    name: m[1] ?? '',
    spec: m[2] ?? '',
  }));
}

/** Snippet files (relative to src/snippets/) a page imports with `?raw`. */
function rawSnippets(file: string, source: string): string[] {
  return imports(source)
    .filter((i) => i.spec.endsWith('?raw'))
    .map((i) => path.relative(snippetsDir, path.resolve(path.dirname(file), i.spec.replace(/\?raw$/, ''))))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

describe.each(lessons)('the lesson $slug', (lesson) => {
  describe.each(locales)('in $name', (locale) => {
    const file = pageFile(lesson, locale);
    const source = existsSync(file) ? readFileSync(file, 'utf8') : '';

    it('has a page', () => {
      expect(existsSync(file), `${path.relative(repo, file)} is missing`).toBe(true);
    });

    it('has a title, a description and a sidebar order', () => {
      const fm = frontmatter(source);
      expect(fm).toMatch(/^title: \S/m);
      expect(fm).toMatch(/^description: \S/m);
      expect(fm).toMatch(/^sidebar:\n {2}order: \d+$/m);
    });

    it(`embeds ${lesson.labs.map((id) => `<Lab id="${id}" />`).join(', ')}, imported from src/components/Lab.astro`, () => {
      expect([...source.matchAll(/<Lab id="([^"]+)" \/>/g)].map((m) => m[1])).toEqual(lesson.labs);
      const lab = imports(source).find((i) => i.name === 'Lab');
      expect(lab, 'the page imports Lab').toBeDefined();
      expect(path.resolve(path.dirname(file), lab?.spec ?? '')).toBe(
        path.join(repo, 'src/components/Lab.astro'),
      );
    });

    it('shows TypeScript only from snippet files, never from a code fence', () => {
      expect(source).not.toMatch(/^\s*```(ts|typescript|js|javascript)\b/m);
    });

    it('shows Go only from the Go module, never from a code fence, and only programs the Go tests verify', () => {
      expect(source).not.toMatch(/^\s*```(go|golang)\b/m);
      const verified = goPrograms.map((p) => `${p.dir}/${p.file}`);
      for (const rel of rawSnippets(file, source).filter((f) => f.endsWith('.go'))) {
        expect(verified, `src/snippets/${rel}`).toContain(rel);
      }
    });

    it(`says its Go output was printed by Go ${recordedRelease}, the release it was recorded with`, () => {
      expect(goStatement[locale.name].exec(source)?.[1], 'the statement of which Go printed the output').toBe(
        recordedRelease,
      );
      const labels = [...source.matchAll(/(?:title|label)="[^"]*?[(（]Go (\d+\.\d+)[)）]"/g)].map(
        (m) => m[1],
      );
      expect(labels.length, 'Go output blocks that name their Go').toBeGreaterThan(0);
      for (const release of labels) expect(release).toBe(recordedRelease);
    });

    it('imports only snippet files that exist', () => {
      for (const rel of rawSnippets(file, source)) {
        expect(existsSync(path.join(snippetsDir, rel)), `src/snippets/${rel}`).toBe(true);
      }
    });

    it('shows side-by-side Go and TypeScript', () => {
      expect(source).toContain("import GoSideBySide from '");
      expect(source).toMatch(/<GoSideBySide go=\{\w+\} ts=\{\w+\}/);
    });

    it('has an "In real systems" section and no unfinished parts', () => {
      expect(source).toMatch(locale.name === 'en' ? /^## In real systems$/m : /^## 真实系统里$/m);
      expect(source).not.toMatch(/coming soon|\bTODO\b|TBD|lorem ipsum|即将推出|敬请期待/i);
    });

    if (locale.name === 'zh-cn') {
      it('is written in Chinese', () => {
        const prose = source.replace(/^import .*$/gm, '').replace(/`[^`]*`/g, '');
        const han = prose.match(/\p{Script=Han}/gu)?.length ?? 0;
        expect(han).toBeGreaterThan(500);
      });

      // A line break inside a paragraph renders as a space, which Chinese text does not have: a
      // sentence wrapped between two Chinese characters (or after 。，) showed stray gaps.
      it('breaks no line between two Chinese characters', () => {
        const cjk = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/u;
        const prose = source
          .split(/^\s*```.*$/m)
          .filter((_, i) => i % 2 === 0)
          .join('\n');
        const lines = prose.split('\n');
        const breaks = lines.flatMap((line, i) => {
          const next = (lines[i + 1] ?? '').trimStart();
          return cjk.test(line.slice(-1)) && cjk.test(next.slice(0, 1)) && !/^[-|#<*>]/.test(next)
            ? [`${line.slice(-12)}⏎${next.slice(0, 12)}`]
            : [];
        });
        expect(breaks).toEqual([]);
      });
    }
  });

  it('shows the same code in both locales', () => {
    const [en, zh] = locales.map((locale) => {
      const file = pageFile(lesson, locale);
      return rawSnippets(file, readFileSync(file, 'utf8'));
    });
    expect(zh).toEqual(en);
  });

  it('shows every TypeScript snippet of its folder', () => {
    const file = pageFile(lesson, locales[0]);
    const shown = rawSnippets(file, readFileSync(file, 'utf8')).filter((f) => f.endsWith('.ts'));
    expect(shown).toEqual(snippetFiles().filter((f) => f.startsWith(`${lesson.snippets}/`)));
  });

  it.each(lesson.labs)('has a lab %s that loads and belongs to this lesson', async (id) => {
    const lab = await loadLab(path.join(labsDir, id));
    expect(lab.id).toBe(id);
    expect(lab.meta.lesson).toBe(lesson.slug);
    expect(lab.meta.kind).toBe('exercise');
    expect(lab.meta.instructions['zh-cn']).toMatch(/\p{Script=Han}/u);
  });
});

/** The string literals of an array literal like `['a', "b('c')"]` (numbers are line marks, not text). */
function stringsOf(arrayLiteral: string): string[] {
  return [...arrayLiteral.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2] ?? '');
}

describe.each(lessons.flatMap((lesson) => locales.map((locale) => ({ file: pageFile(lesson, locale) }))))(
  'the highlights on $file',
  ({ file }) => {
    it('mark text that occurs in the listing they belong to', () => {
      const source = readFileSync(file, 'utf8');
      const files = new Map(
        imports(source)
          .filter((i) => i.spec.endsWith('?raw'))
          .map((i) => [i.name, path.resolve(path.dirname(file), i.spec.replace(/\?raw$/, ''))]),
      );
      const listing = (name: string | undefined) => readFileSync(files.get(name ?? '') ?? '', 'utf8');
      const marks: { code: string; text: string }[] = [];
      for (const m of source.matchAll(
        /<GoSideBySide go=\{(\w+)\} ts=\{(\w+)\}(?: goMark=\{(\[.*?\])\} tsMark=\{(\[.*?\])\})?/g,
      )) {
        for (const text of stringsOf(m[3] ?? '[]')) marks.push({ code: listing(m[1]), text });
        for (const text of stringsOf(m[4] ?? '[]')) marks.push({ code: listing(m[2]), text });
      }
      for (const m of source.matchAll(/<Code code=\{(\w+)\}[^>]*? mark=\{(\[.*?\])\}/g)) {
        for (const text of stringsOf(m[2] ?? '[]')) marks.push({ code: listing(m[1]), text });
      }
      expect(marks.length).toBeGreaterThan(0);
      for (const { code, text } of marks) expect(code, `highlight "${text}"`).toContain(text);
    });
  },
);
