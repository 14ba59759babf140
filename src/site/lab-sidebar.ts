/**
 * Starlight route middleware: names, on each sidebar link to a lesson with labs, the labs it holds
 * (`data-gcl-labs="<id> <id>"`) and the word for "completed" in the page's language
 * (`data-gcl-done`), so the sidebar script (src/lab/ui/sidebar-marks.ts) can mark lessons done
 * without a lesson-to-lab table of its own.
 *
 * Invariants: the lesson→lab map comes from the `labs` collection at build time (a lab's
 * `lesson` slug); a link matches a lesson when its path is the lesson's path in the page's locale,
 * site base included; links to pages without labs are left as Starlight made them.
 */
import { getCollection } from 'astro:content';
import { defineRouteMiddleware, type StarlightRouteData } from '@astrojs/starlight/route-data';
import { labLocale, translator } from '../lab/ui/i18n.ts';

type SidebarEntry = StarlightRouteData['sidebar'][number];

const trimSlash = (path: string): string => path.replace(/\/+$/, '');

export const onRequest = defineRouteMiddleware(async (context) => {
  const route = context.locals.starlightRoute;
  const labs = await getCollection('labs', ({ data }) => data.fixture !== true);
  const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
  const prefix = `${base}${route.locale ? `${route.locale}/` : ''}`;
  const byPath = new Map<string, string[]>();
  for (const lab of labs) {
    const path = trimSlash(`${prefix}${lab.data.meta.lesson}`);
    byPath.set(path, [...(byPath.get(path) ?? []), lab.data.id]);
  }
  const done = translator(labLocale(route.lang))('sidebar.completed');
  const visit = (entries: readonly SidebarEntry[]): void => {
    for (const entry of entries) {
      if (entry.type === 'group') {
        visit(entry.entries);
        continue;
      }
      const ids = byPath.get(trimSlash(entry.href));
      if (ids) entry.attrs = { ...entry.attrs, 'data-gcl-labs': ids.join(' '), 'data-gcl-done': done };
    }
  };
  visit(route.sidebar);
});
