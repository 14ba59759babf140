/**
 * A lab's solution and check as JSON, `{ solution, check, go? }`: what the lab UI (src/lab/ui/engine.ts)
 * fetches when a check or the solution is first wanted, so a lesson page never carries the answer in
 * its HTML. One static file per entry of the `labs` content collection, at
 * `<site base>lab-data/<section>/<lab>.json` (src/lab/packages.ts `labDataUrl`). It is built from the
 * same collection as the page's starter, so in `astro dev` an edited solution/ or check.ts is served
 * as soon as the collection reloads it. `go` is the solution's Go twin (`source`, and the Go `version`
 * the tests verified it with), when src/snippets/labs/<id>/solution.go exists.
 */
import type { APIRoute, GetStaticPaths, InferGetStaticPropsType } from 'astro';
import { getCollection } from 'astro:content';
import goVersion from '../../../snippets/go-version.json';
import { goTwinSources } from '../../../lab/go-twins.ts';

export const getStaticPaths = (async () => {
  const labs = await getCollection('labs');
  return labs.map(({ data }) => {
    // Lab ids are `<section>/<lab>` (src/lab/schema.ts), one folder level each.
    const [section, lab] = data.id.split('/');
    const source = goTwinSources[data.id];
    const go = source === undefined ? undefined : { source, version: goVersion.go };
    return { params: { section, lab }, props: { solution: data.solution, check: data.check, go } };
  });
}) satisfies GetStaticPaths;

type Props = InferGetStaticPropsType<typeof getStaticPaths>;

export const GET: APIRoute<Props> = ({ props }) =>
  new Response(JSON.stringify({ solution: props.solution, check: props.check, go: props.go }), {
    headers: { 'Content-Type': 'application/json' },
  });
