import { defineCollection } from 'astro:content';
import type { Loader } from 'astro/loaders';
import { docsLoader, i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { fileURLToPath } from 'node:url';
import { uiStrings } from './i18n/ui-strings';
import { loadAllLabs } from './lab/load.ts';
import { labSchema } from './lab/schema.ts';

/**
 * The `labs` collection: every `labs/<section>/<lab>/` folder, validated by src/lab/schema.ts, by id
 * (`channels/ping-pong`). A malformed lab throws a LabFormatError naming the file and the field,
 * which fails `astro build`. In dev, a change under labs/ reloads the collection.
 */
function labsLoader(): Loader {
  return {
    name: 'go-concurrency-labs:labs',
    async load(context) {
      const { config, store, watcher, logger } = context;
      const root = fileURLToPath(new URL('./labs/', config.root));
      const sync = async () => {
        const labs = await loadAllLabs(root);
        store.clear();
        for (const lab of labs) {
          const data = await context.parseData({ id: lab.id, data: { ...lab } });
          store.set({ id: lab.id, data, digest: context.generateDigest(JSON.stringify(lab)) });
        }
        logger.info(`${labs.length} lab${labs.length === 1 ? '' : 's'} loaded`);
      };
      await sync();
      if (watcher !== undefined) {
        watcher.add(root);
        const onChange = (file: string) => {
          if (!file.startsWith(root)) return;
          sync().catch((error: unknown) =>
            logger.error(error instanceof Error ? error.message : String(error)),
          );
        };
        watcher.on('change', onChange);
        watcher.on('add', onChange);
        watcher.on('unlink', onChange);
      }
    },
  };
}

export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema({ extend: uiStrings }) }),
  labs: defineCollection({ loader: labsLoader(), schema: labSchema }),
};
