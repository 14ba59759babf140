/**
 * What the workshop pages (WorkshopPlan.astro, WorkshopNotes.astro) show of a lab: its title in
 * the page's language, the lab on its lesson page, and that lesson's title — read from the `labs`
 * and `docs` collections at build time, so a renamed lab or lesson shows its new name.
 *
 * Invariant: a missing lab, or a lesson missing from the page's locale, throws, failing the build
 * with the plan and the lab named.
 */
import { getEntry } from 'astro:content';
import { inline } from '../site/lab-markdown.ts';
import { PLANS, type Bilingual, type Plan } from '../site/workshops.ts';

/** The plan with this id; an unknown one fails the build. */
export function planById(id: string): Plan {
  const plan = PLANS.find((p) => p.id === id);
  if (plan === undefined) throw new Error(`no workshop plan "${id}"`);
  return plan;
}

/** A plan's one-line text in the page's language, as HTML (inline Markdown: code, emphasis). */
export function sayIn(locale: 'en' | 'zh-cn'): (text: Bilingual) => string {
  return (text) => inline(locale === 'zh-cn' ? text.zh : text.en);
}

export interface WorkshopLab {
  readonly id: string;
  readonly title: string;
  readonly labHref: string;
  readonly lessonHref: string;
  readonly lessonTitle: string;
}

/** The anchor of a lab's instructor notes on a plan's page (`notes-channels-ping-pong`). */
export function notesAnchor(id: string): string {
  return `notes-${id.replace(/[^a-z0-9]+/g, '-')}`;
}

export async function labInfo(id: string, locale: 'en' | 'zh-cn', plan: string): Promise<WorkshopLab> {
  const entry = await getEntry('labs', id);
  if (entry === undefined) throw new Error(`workshop plan "${plan}": no lab "${id}" (labs/${id}/lab.json)`);
  const { meta } = entry.data;
  const lesson = await getEntry('docs', locale === 'en' ? meta.lesson : `${locale}/${meta.lesson}`);
  if (lesson === undefined)
    throw new Error(`workshop plan "${plan}": lab "${id}" has no ${locale} lesson ${meta.lesson}`);
  const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
  const lessonHref = `${base}${locale === 'en' ? '' : `${locale}/`}${meta.lesson}/`;
  return {
    id,
    title: meta.title[locale],
    // The heading Lab.astro gives the lab on its lesson page.
    labHref: `${lessonHref}#gcl-lab-${id.replace(/[^a-z0-9]+/g, '-')}`,
    lessonHref,
    lessonTitle: lesson.data.title,
  };
}
