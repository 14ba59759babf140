/**
 * The data `Lab.astro` embeds in the page for the client (as JSON in a
 * `<script type="application/json" data-gcl-config>`), and its reader.
 *
 * Invariants: only what the first run needs is embedded (metadata and starter files); the solution
 * and the check are fetched from `/lab-data/<id>.json` when they are first wanted, so a lesson page
 * never carries the answer in its HTML. `readLabConfig` rejects a config that lacks a field rather
 * than letting a half-built lab start.
 */
import type { LabLocale } from './i18n.ts';
import { isFiles, type Files } from './persistence.ts';

export interface LabConfig {
  readonly id: string;
  readonly locale: LabLocale;
  readonly entry: string;
  readonly kind: 'exercise' | 'demo';
  readonly clock: 'virtual' | 'real';
  readonly seed: number;
  readonly services: boolean;
  readonly timeoutMs: number;
  readonly starter: Files;
  /** URL of the `/_lab/` folder (site base included), ending in `/`. */
  readonly base: string;
}

/**
 * The order a lab's files are shown in, the static view's and the editor's tabs alike: the entry
 * first, the others as the lab lists them.
 */
export function fileOrder(entry: string, files: Files): string[] {
  const names = Object.keys(files);
  return names.includes(entry) ? [entry, ...names.filter((n) => n !== entry)] : names;
}

export class LabConfigError extends Error {
  override readonly name = 'LabConfigError';
}

export function readLabConfig(text: string): LabConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new LabConfigError('the lab configuration is not JSON');
  }
  const c = (value ?? {}) as Partial<Record<keyof LabConfig, unknown>>;
  const strings = ['id', 'entry', 'base'] as const;
  for (const key of strings) {
    if (typeof c[key] !== 'string') throw new LabConfigError(`the lab configuration lacks "${key}"`);
  }
  if (c.locale !== 'en' && c.locale !== 'zh-cn')
    throw new LabConfigError('the lab configuration lacks "locale"');
  if (c.kind !== 'exercise' && c.kind !== 'demo')
    throw new LabConfigError('the lab configuration lacks "kind"');
  if (c.clock !== 'virtual' && c.clock !== 'real')
    throw new LabConfigError('the lab configuration lacks "clock"');
  if (typeof c.seed !== 'number' || typeof c.timeoutMs !== 'number' || typeof c.services !== 'boolean') {
    throw new LabConfigError('the lab configuration lacks "seed", "timeoutMs" or "services"');
  }
  if (!isFiles(c.starter) || !Object.hasOwn(c.starter, c.entry as string)) {
    throw new LabConfigError('the lab configuration lacks the starter files');
  }
  return value as LabConfig;
}
