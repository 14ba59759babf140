/**
 * The fixture pages' paths (src/site/e2e-fixtures.mjs): one per fixture lab of the `labs` collection,
 * titled in `locale`.
 */
import { getCollection } from 'astro:content';
import type { LabLocale } from '../../lab/schema.ts';

export async function fixturePaths(locale: LabLocale) {
  const labs = await getCollection('labs', ({ data }) => data.fixture === true);
  return labs.map(({ data }) => {
    // Lab ids are `<section>/<lab>` (src/lab/schema.ts), one folder level each.
    const [section, lab] = data.id.split('/');
    return { params: { section, lab }, props: { id: data.id, title: data.meta.title[locale] } };
  });
}
