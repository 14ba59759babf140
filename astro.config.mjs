// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import { lazyLabCss } from './src/site/lazy-css-plugin.mjs';
import { diagnosticsDelay, monacoWorkerManager, trimTypeScriptLibs } from './src/site/monaco-slim-plugin.mjs';
import { LAB_COMPILER_OPTIONS } from './src/lab/ui/ts-options.ts';
import { e2eFixturePages } from './src/site/e2e-fixtures.mjs';
import { linksValidator } from './src/site/links-validator.mjs';
import { apiReference } from './src/site/api-reference.mjs';

/**
 * Lab pages boot a WebContainer, which needs cross-origin isolation (COOP + COEP make
 * `crossOriginIsolated` true). The same headers are sent by `astro dev` and `astro preview` here (the
 * static preview server takes its headers from `server.headers`), and by static hosts through
 * public/_headers, netlify.toml and vercel.json; tests/e2e/site-headers.spec.ts keeps the four in
 * step. CORP `same-origin` says our own files are not for other sites to embed; the
 * lab sandbox never fetches them (it receives the lab's bytes as blob URLs). The in-browser fallback
 * runner works without any of these headers, so a plain static host still serves working labs.
 */
// The API reference of gort, gomesh and labcheck, generated from their TSDoc into
// src/content/docs/api/ on every build; an undocumented export fails the build (src/site/api-reference.mjs).
const api = apiReference();

const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export default defineConfig({
  site: 'https://go-concurrency-labs.example',
  server: { headers: isolationHeaders },
  vite: {
    // Monaco's stylesheets travel with the lab client, which loads only when a learner starts a
    // lab; without this plugin Astro would link them, render-blocking, into every page.
    // The editor re-checks the learner's code 300 ms after an edit, not Monaco's fixed 500 ms.
    plugins: [lazyLabCss(), monacoWorkerManager(), diagnosticsDelay(300)],
    // The lab's TypeScript worker (src/lab/ui/lab-ts.worker.ts) embeds only the libs its options name.
    worker: { plugins: () => [trimTypeScriptLibs(LAB_COMPILER_OPTIONS.lib ?? [])] },
    server: { headers: isolationHeaders },
  },
  integrations: [
    starlight({
      title: { en: 'Go Concurrency Labs', 'zh-CN': 'Go 并发实验室' },
      description: 'Learn goroutines, channels and microservices by running every example in your browser.',
      favicon: '/favicon.svg',
      defaultLocale: 'root',
      locales: {
        root: { label: 'English', lang: 'en' },
        'zh-cn': { label: '简体中文', lang: 'zh-CN' },
      },
      social: [],
      sidebar: [
        {
          label: 'Start here',
          translations: { 'zh-CN': '从这里开始' },
          items: [{ slug: 'how-labs-work' }, { slug: 'progress' }],
        },
        {
          label: 'Concurrency',
          translations: { 'zh-CN': '并发' },
          items: [{ autogenerate: { directory: 'concurrency' } }],
        },
        {
          label: 'Coordination',
          translations: { 'zh-CN': '协调与共享内存' },
          items: [{ autogenerate: { directory: 'coordination' } }],
        },
        {
          label: 'Patterns',
          translations: { 'zh-CN': '并发模式' },
          items: [{ autogenerate: { directory: 'patterns' } }],
        },
        {
          label: 'Under the hood',
          translations: { 'zh-CN': '深入底层' },
          items: [{ autogenerate: { directory: 'internals' } }],
        },
        {
          label: 'Microservices',
          translations: { 'zh-CN': '微服务' },
          items: [{ autogenerate: { directory: 'services' } }],
        },
        {
          label: 'Operating services',
          translations: { 'zh-CN': '运维服务' },
          items: [{ autogenerate: { directory: 'operations' } }],
        },
        {
          label: 'Reference',
          translations: { 'zh-CN': '参考' },
          items: [{ autogenerate: { directory: 'reference' } }],
        },
        // Replaced by starlight-typedoc with one group per package ("API reference", "API 参考").
        api.sidebarGroup,
        // Last, so a learner's Next from Your progress leads to the first lesson, not to the plans.
        {
          label: 'Teach',
          translations: { 'zh-CN': '教学' },
          items: [{ autogenerate: { directory: 'teach' } }],
        },
      ],
      customCss: ['./src/styles/site.css'],
      // Lesson links name their labs for the sidebar's done marks (src/site/lab-sidebar.ts); the
      // override adds the few-hundred-byte script that draws them (src/components/Sidebar.astro).
      routeMiddleware: './src/site/lab-sidebar.ts',
      // MarkdownContent: the API reference's Chinese fallback pages link within /zh-cn/api/.
      components: {
        Sidebar: './src/components/Sidebar.astro',
        MarkdownContent: './src/components/MarkdownContent.astro',
      },
      // Every internal link and heading anchor of both locales is checked when the site is built:
      // a broken one, or one into the other locale, fails `npm run build` (and the e2e build),
      // naming the page and the link (src/site/links-validator.mjs).
      // The API reference's plugins come first, so its pages exist when the links are checked.
      plugins: [...api.plugins, linksValidator()],
    }),
    // Only in the build for the end-to-end tests (`npm run build:e2e`): a page per fixture lab.
    e2eFixturePages(),
  ],
});
