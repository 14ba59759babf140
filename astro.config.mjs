// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';

/**
 * Lab pages boot a WebContainer, which needs cross-origin isolation. The same two headers are sent by
 * `astro dev` and `astro preview` here, and by static hosts through public/_headers, netlify.toml
 * and vercel.json. The in-browser fallback runner works without them.
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  site: 'https://go-concurrency-labs.example',
  telemetry: false,
  server: { headers: isolationHeaders },
  vite: {
    server: { headers: isolationHeaders },
    preview: { headers: isolationHeaders },
  },
  integrations: [
    starlight({
      title: 'Go Concurrency Labs',
      description: 'Learn goroutines, channels and microservices by running every example in your browser.',
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
          items: [{ slug: 'how-labs-work' }],
        },
        {
          label: 'Concurrency',
          translations: { 'zh-CN': '并发' },
          autogenerate: { directory: 'concurrency' },
        },
        {
          label: 'Microservices',
          translations: { 'zh-CN': '微服务' },
          autogenerate: { directory: 'services' },
        },
      ],
      customCss: [],
    }),
  ],
});
