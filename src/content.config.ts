import { defineCollection } from 'astro:content';
import { docsLoader, i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { labsLoader } from './lab/load.ts';
import { labSchema } from './lab/schema.ts';

export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  // Overrides of Starlight's UI strings, one file per locale named after its `lang` (zh-CN.json): a
  // `zh-cn.json` would be silently ignored. The lab UI's own strings are typed in src/lab/ui/i18n.ts.
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema() }),
  // Every labs/<section>/<lab>/ by id (`channels/ping-pong`); a malformed lab fails the build
  // with a message naming the file and the field.
  labs: defineCollection({ loader: labsLoader(), schema: labSchema }),
};
