import { defineCollection } from 'astro:content';
import { docsLoader, i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { labsLoader } from './lab/load.ts';
import { labSchema } from './lab/schema.ts';
import { E2E_FIXTURE_LABS, E2E_FIXTURES } from './site/e2e-fixtures.mjs';

export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  // Overrides of Starlight's UI strings, one file per locale named after its `lang` (zh-CN.json): a
  // `zh-cn.json` would be silently ignored. The lab UI's own strings are typed in src/lab/ui/i18n.ts.
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema() }),
  // Every labs/<section>/<lab>/ by id (`channels/ping-pong`); a malformed lab fails the build
  // with a message naming the file and the field. The site built for the end-to-end tests
  // (`npm run build:e2e`) adds the fixture labs, each on a page of its own (src/site/e2e-fixtures.mjs).
  labs: defineCollection({
    loader: labsLoader('labs', E2E_FIXTURES ? E2E_FIXTURE_LABS : undefined),
    schema: labSchema,
  }),
};
