/**
 * Reading the lab configuration `Lab.astro` embeds in the page for the client (as JSON in a
 * `<script type="application/json" data-gcl-config>`), and the order a lab's files are shown in.
 *
 * Invariants: the configuration's shape is `labConfigSchema` (src/lab/schema.ts), the one model of a
 * lab; only what the first run needs is embedded (metadata and starter files), so a lesson page
 * never carries the answer in its HTML. `readLabConfig` rejects a configuration that does not parse
 * rather than letting a half-built lab start, naming the first field that is wrong.
 */
import { labConfigSchema, type LabConfig } from '../schema.ts';
import type { Files } from './persistence.ts';

export type { LabConfig };

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
  readonly code = 'LAB_CONFIG';
}

export function readLabConfig(text: string): LabConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new LabConfigError('the lab configuration is not JSON');
  }
  const result = labConfigSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.map(String).join('.') || issue?.code || 'configuration';
    throw new LabConfigError(`the lab configuration lacks a valid "${field}"`);
  }
  if (!Object.hasOwn(result.data.starter, result.data.entry)) {
    throw new LabConfigError('the lab configuration lacks the starter files');
  }
  return result.data;
}
