/**
 * A lab's solution and check as JSON, `{ solution, check }`: what the lab UI (src/lab/ui/engine.ts)
 * fetches when a check or the solution is first wanted, so a lesson page never carries the answer in
 * its HTML. One static file per entry of the `labs` content collection, at
 * `<site base>lab-data/<section>/<lab>.json` (src/lab/packages.ts `labDataUrl`). It is built from the
 * same collection as the page's starter, so in `astro dev` an edited solution/ or check.ts is served
 * as soon as the collection reloads it.
 */
import type { APIRoute, GetStaticPaths, InferGetStaticPropsType } from 'astro';
import { getCollection } from 'astro:content';

export const getStaticPaths = (async () => {
  const labs = await getCollection('labs');
  return labs.map(({ data }) => {
    // Lab ids are `<section>/<lab>` (src/lab/schema.ts), one folder level each.
    const [section, lab] = data.id.split('/');
    return { params: { section, lab }, props: { solution: data.solution, check: data.check } };
  });
}) satisfies GetStaticPaths;

type Props = InferGetStaticPropsType<typeof getStaticPaths>;

export const GET: APIRoute<Props> = ({ props }) =>
  new Response(JSON.stringify({ solution: props.solution, check: props.check }), {
    headers: { 'Content-Type': 'application/json' },
  });
