// @ts-check
/**
 * The API reference (/api/…): every public export of the lab packages `gort` (src/runtime and every
 * `<sub>/index.ts` below it), `gomesh` (src/mesh and its subpaths) and `labcheck` (src/lab/check),
 * generated from their TSDoc by starlight-typedoc (TypeDoc + typedoc-plugin-markdown) when the site
 * is built, into src/content/docs/api/ (git-ignored: it is rebuilt from the source every time, so it
 * cannot drift). One TypeDoc instance converts all sixteen entry points; each index.ts names its
 * module with `@module gort/sync` etc., so the pages live at /api/gort/…, /api/gort/sync/…,
 * /api/gomesh/…, /api/labcheck/….
 *
 * Invariants:
 * - The build fails on an undocumented export: api-reference-gate.mjs, a TypeDoc plugin, runs
 *   TypeDoc's `notDocumented` validation as soon as the project is converted and throws, naming
 *   every undocumented export, before a page is written (starlight-typedoc itself never validates;
 *   the TypeDoc CLI does, under `treatValidationWarningsAsErrors`). What must be documented: every
 *   top-level export (function, class, interface, type alias, variable, enum) and every method's
 *   signature; properties may go without a comment of their own.
 *   tests/site/api-reference.test.ts runs the same options on the real entry points and on a fixture
 *   with one undocumented export (which must fail).
 * - Every `@example` is a whole program importing the built packages; the same test typechecks each
 *   one against pkgs/node_modules (`npm run build:pkgs`) with the lab editor's compiler options.
 * - Locales: the generated pages exist in English only. The Chinese locale has its own introduction
 *   (src/content/docs/zh-cn/api/index.mdx, the translation of the English one, which TypeDoc writes
 *   from api-reference-intro.md); every other /zh-cn/api/… page is Starlight's fallback to the
 *   English page, and the sidebar's labels are translated (`translateApiSidebar`). The link check
 *   accepts a Chinese page's link into /zh-cn/api/… exactly when that English page was generated
 *   (`apiFallbackLinks`).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStarlightTypeDocPlugin } from 'starlight-typedoc';
import { LAB_PACKAGES } from '../lab/packages.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const gate = fileURLToPath(new URL('./api-reference-gate.mjs', import.meta.url));

/** Where starlight-typedoc writes, under src/content/docs/ (and so the URL prefix). */
export const API_OUTPUT = 'api';

/**
 * Every entry point, as `build:pkgs` finds them: `<dir>/index.ts` and, for packages with subpaths,
 * every `<dir>/<sub>/index.ts` below it (`gort/sync/atomic`).
 * @param {string} root repository root
 * @returns {string[]} absolute paths, sorted
 */
export function apiEntryPoints(root = repo) {
  /** @type {string[]} */
  const found = [];
  /** @param {string} dir @param {boolean} deep */
  const walk = (dir, deep) => {
    const entries = readdirSync(dir, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && e.name === 'index.ts')) found.push(path.join(dir, 'index.ts'));
    if (!deep) return;
    for (const e of entries) if (e.isDirectory()) walk(path.join(dir, e.name), true);
  };
  for (const pkg of LAB_PACKAGES) walk(path.join(root, pkg.dir), pkg.subpaths);
  return found.sort();
}

/** The kinds a top-level export may have; each must carry a doc comment. */
const REQUIRED_KINDS = /** @type {const} */ ([
  'Function',
  'Class',
  'Interface',
  'TypeAlias',
  'Variable',
  'Enum',
]);

/**
 * TypeDoc's options for the reference (and for the test, which adds typedoc-plugin-markdown, as
 * starlight-typedoc does, and a fixture's entry points and tsconfig).
 * @returns {import('starlight-typedoc').StarlightTypeDocOptions['typeDoc'] & Record<string, unknown>}
 */
export function apiTypeDocOptions() {
  return {
    name: 'API reference',
    // The English introduction; TypeDoc writes it as /api/ (the Chinese one is a page of its own).
    readme: path.join(repo, 'src/site/api-reference-intro.md'),
    plugin: [gate],
    excludeInternal: true,
    excludePrivate: true,
    excludeProtected: true,
    excludeExternals: true,
    // Only the lab packages' own source counts (not Node's or TypeScript's declarations).
    validation: { notDocumented: true, notExported: false, invalidLink: true },
    requiredToBeDocumented: [...REQUIRED_KINDS],
    treatValidationWarningsAsErrors: true,
    sort: ['kind', 'alphabetical'],
    // Type errors are the typecheck's business (`astro check`); this only documents.
    skipErrorChecking: true,
    disableSources: true,
    // typedoc-plugin-markdown: one page per export, grouped by kind, tables for members;
    // signatures as Markdown, not code blocks (about 390 fewer blocks for Expressive Code to render).
    outputFileStrategy: 'members',
    // `index.md`, not `README.md`: the introduction is /api/ and a package's page /api/gort/.
    entryFileName: 'index',
    parametersFormat: 'table',
    interfacePropertiesFormat: 'table',
    classPropertiesFormat: 'table',
    typeAliasPropertiesFormat: 'table',
    useCodeBlocks: false,
  };
}

/** The tsconfig the reference compiles with: the site's, narrowed to the three packages. */
export const API_TSCONFIG = path.join(repo, 'src/site/api-reference.tsconfig.json');

/** Chinese labels of the reference's sidebar groups (the rest are package names, the same in both). */
const SIDEBAR_ZH = /** @type {Record<string, string>} */ ({
  'API reference': 'API 参考',
  Classes: '类',
  Functions: '函数',
  Interfaces: '接口',
  'Type Aliases': '类型别名',
  Variables: '变量',
  Enumerations: '枚举',
  References: '引用',
  Overview: '概览',
});

/**
 * @typedef {NonNullable<import('@astrojs/starlight/types').StarlightUserConfig['sidebar']>[number]} SidebarItem
 */

/**
 * The generated sidebar group with Chinese labels, and its overview links as locale-aware `slug`
 * items (starlight-typedoc links them as `/api/gort/`, which would send a Chinese reader to the
 * English page instead of /zh-cn/api/gort/).
 * @param {SidebarItem} item
 * @returns {SidebarItem}
 */
export function translateApiSidebar(item) {
  if (typeof item !== 'object') return item;
  if ('link' in item && item.link.startsWith(`/${API_OUTPUT}/`)) {
    const zh = SIDEBAR_ZH[item.label];
    return {
      slug: item.link.replace(/^\/|\/$/g, ''),
      label: item.label,
      ...(zh === undefined ? {} : { translations: { 'zh-CN': zh } }),
    };
  }
  if (!('items' in item)) return item;
  const zh = SIDEBAR_ZH[item.label];
  return {
    ...item,
    ...(zh === undefined ? {} : { translations: { ...item.translations, 'zh-CN': zh } }),
    items: item.items.map(translateApiSidebar),
  };
}

/**
 * The link check's exception for the reference: whether `link` (on page `slug`) is a Chinese
 * page's link to the Starlight fallback of a generated English API page, such as
 * `/zh-cn/api/gort/functions/go/` when `<docs>/api/gort/functions/go.md` exists. Every other link
 * (from an English page, to a missing page, to the Chinese introduction) is checked as strictly as
 * before. The generated pages are listed once, on first use (they exist by then: starlight-typedoc
 * writes them in `config:setup`, before any page is built).
 * @param {string} [docs] the docs collection's folder
 * @returns {(where: { link: string, slug: string }) => boolean}
 */
export function apiFallbackLinks(docs = path.join(repo, 'src/content/docs')) {
  /** @type {Set<string> | undefined} */
  let slugs;
  return ({ link, slug }) => {
    if (!slug.startsWith('zh-cn/') && slug !== 'zh-cn') return false;
    const match = /^\/zh-cn\/api\/([^#?]*)/.exec(link);
    if (match === null) return false;
    const rest = (match[1] ?? '').replace(/\/$/, '');
    if (rest === '') return false; // /zh-cn/api/ is a real Chinese page: check it normally
    slugs ??= generatedSlugs(path.join(docs, API_OUTPUT));
    return slugs.has(rest.toLowerCase());
  };
}

/**
 * Slugs of the generated pages under `root` (lower case, as Starlight's; `index` names its folder).
 * @param {string} root
 */
function generatedSlugs(root) {
  /** @type {Set<string>} */
  const slugs = new Set();
  /** @param {string} dir */
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (e.name.endsWith('.md')) {
        const rel = path.relative(root, abs).split(path.sep).join('/').replace(/\.md$/, '');
        slugs.add(rel.replace(/(^|\/)(index|readme)$/i, '').toLowerCase());
      }
    }
  };
  walk(root);
  return slugs;
}

/**
 * The Starlight plugins of the reference, for astro.config.mjs's `plugins`, and the sidebar group to
 * place among the others.
 * @returns {{ plugins: import('@astrojs/starlight/types').StarlightPlugin[], sidebarGroup: SidebarItem }}
 */
export function apiReference() {
  const [typeDoc, sidebarGroup] = createStarlightTypeDocPlugin();
  return {
    sidebarGroup,
    plugins: [
      typeDoc({
        entryPoints: apiEntryPoints(),
        tsconfig: API_TSCONFIG,
        output: API_OUTPUT,
        sidebar: { label: 'API reference', collapsed: true },
        typeDoc: apiTypeDocOptions(),
      }),
      {
        name: 'api-reference-sidebar',
        hooks: {
          'config:setup'({ config, updateConfig }) {
            updateConfig({ sidebar: (config.sidebar ?? []).map(translateApiSidebar) });
          },
        },
      },
    ],
  };
}
