import { defineCollection } from 'astro:content';
import { docsLoader, i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { uiStrings } from './i18n/ui-strings';
import { labsLoader } from './lab/load.ts';
import { labSchema } from './lab/schema.ts';

export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema({ extend: uiStrings }) }),
  // Every labs/<section>/<lab>/ by id (`channels/ping-pong`); a malformed lab fails the build
  // with a message naming the file and the field.
  labs: defineCollection({ loader: labsLoader(), schema: labSchema }),
};
