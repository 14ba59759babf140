/**
 * The site's link check (src/site/links-validator.mjs) fails the build on a broken internal link, in
 * either locale. Building the whole site to show it would take minutes, so this builds a fixture
 * site of four pages (English and Chinese, the site's locales) with the same plugin: once with good
 * links, which must build, and once with one broken link of each kind, which must fail and name
 * every one of them.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const astroBin = join(repo, 'node_modules/astro/bin/astro.mjs');
let root = '';

// The fixture is built inside the repository, so it finds the site's node_modules (Vite confuses the
// paths of a symlinked node_modules outside the root), under .astro/, which git, ESLint and Prettier
// ignore should a build die before it is removed. The plugin is the site's own module.
beforeAll(() => {
  mkdirSync(join(repo, '.astro'), { recursive: true });
  root = mkdtempSync(join(repo, '.astro', 'links-fixture-'));
  write(
    'astro.config.mjs',
    `import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import { linksValidator } from ${JSON.stringify(join(repo, 'src/site/links-validator.mjs'))};

export default defineConfig({
  site: 'https://links-fixture.example',
  integrations: [
    starlight({
      title: 'Links fixture',
      defaultLocale: 'root',
      locales: {
        root: { label: 'English', lang: 'en' },
        'zh-cn': { label: '简体中文', lang: 'zh-CN' },
      },
      pagefind: false,
      plugins: [linksValidator()],
    }),
  ],
});
`,
  );
  write(
    'src/content.config.ts',
    `import { defineCollection } from 'astro:content';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';

export const collections = { docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }) };
`,
  );
  write('src/content/docs/guide.md', page('Guide', '## First step\n\nTake it.'));
  write('src/content/docs/zh-cn/guide.md', page('指南', '## 第一步\n\n迈出去。'));
}, 30_000);

afterAll(() => {
  if (root !== '') rmSync(root, { recursive: true, force: true });
});

function write(path: string, text: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

function page(title: string, body: string) {
  return `---\ntitle: ${title}\n---\n\n${body}\n`;
}

/** `astro build` of the fixture, with its exit code and its output (both streams, no colours). */
function build(): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [astroBin, 'build', '--root', root],
      { cwd: root, env: { ...process.env, NO_COLOR: '1', CI: '' }, timeout: 180_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, output: stripVTControlCharacters(`${stdout}\n${stderr}`) });
      },
    );
  });
}

// Each home page links to its guide, its heading (a Chinese anchor on the Chinese page, as lessons
// have) and itself; the broken ones are added to the same pages.
const goodEn = '[Guide](/guide/), [its first step](/guide/#first-step), [top](#_top)';
const goodZh = '[指南](/zh-cn/guide/)，[第一步](/zh-cn/guide/#第一步)';

const broken = [
  { page: 'index.md', link: '/no-such-page/', message: 'invalid link' },
  { page: 'index.md', link: '/guide/#no-such-step', message: 'invalid hash' },
  { page: 'index.md', link: '../guide/', message: 'relative link' },
  { page: 'zh-cn/index.md', link: '/zh-cn/no-such-page/', message: 'invalid link' },
  { page: 'zh-cn/index.md', link: '/zh-cn/guide/#没有这一步', message: 'invalid hash' },
  { page: 'zh-cn/index.md', link: '/guide/', message: 'inconsistent locale' },
] as const;

describe('the link check', () => {
  it('builds a site whose links all lead somewhere, in both locales', async () => {
    write('src/content/docs/index.md', page('Home', goodEn));
    write('src/content/docs/zh-cn/index.md', page('首页', goodZh));
    const { code, output } = await build();
    expect(output).toContain('All internal links are valid.');
    expect(code, output).toBe(0);
  }, 240_000);

  it('fails the build on a missing page, a missing heading, a relative link or a link into the other locale, naming each', async () => {
    const extra = (file: string) =>
      broken
        .filter((b) => b.page === file)
        .map((b) => `[x](${b.link})`)
        .join(' ');
    write('src/content/docs/index.md', page('Home', `${goodEn}\n\n${extra('index.md')}`));
    write('src/content/docs/zh-cn/index.md', page('首页', `${goodZh}\n\n${extra('zh-cn/index.md')}`));
    const { code, output } = await build();
    expect(code, output).not.toBe(0);
    expect(output).toContain(`Found ${broken.length} invalid links in 2 files.`);
    // The report lists each broken link on a line of its own, its message on the next.
    const lines = output.split('\n');
    for (const { link, message } of broken) {
      const at = lines.findIndex((l) => l.trimEnd().endsWith(`| ${link}`));
      expect(at, `${link} reported\n${output}`).toBeGreaterThan(-1);
      expect(lines[at + 1], link).toContain(message);
    }
    for (const good of ['/guide/#first-step', '/zh-cn/guide/#第一步', '#_top'])
      expect(
        lines.some((l) => l.trimEnd().endsWith(`| ${good}`)),
        good,
      ).toBe(false);
  }, 240_000);
});
