/**
 * The files of a service lab's export, from the configuration records its run reported: Kubernetes
 * manifests, Istio and Linkerd policy, a plain Envoy front proxy, a Prometheus scrape config and the
 * README. No Node API here: the CLI (index.ts) writes these files to a directory, and the lab page's
 * Export button (src/lab/ui/export-button.ts) loads this module when pressed and zips them.
 *
 * Invariant: a pure function of the lab's id and title and the records (same input, same bytes).
 */
import type { MeshConfigRecord } from 'gomesh';
import { stringify } from 'yaml';
import { generate, type ExportObjects } from './generate.ts';
import { planExport, type ExportPlan } from './model.ts';
import { readme } from './readme.ts';

export interface ExportFiles {
  readonly plan: ExportPlan;
  readonly objects: ExportObjects;
  /** Relative path → content. */
  readonly files: Readonly<Record<string, string>>;
}

const yamlDocs = (objects: readonly unknown[]) =>
  objects.map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');

/** The files of the export of `lab`, from its recorded configuration. */
export function exportFiles(
  lab: { id: string; title: string },
  records: readonly MeshConfigRecord[],
): ExportFiles {
  const plan = planExport(lab, records);
  const objects = generate(plan);
  const files: Record<string, string> = {
    'kubernetes/services.yaml': yamlDocs(objects.kubernetes),
    'istio/policy.yaml': yamlDocs(objects.istio),
    'envoy/front-proxy.json': `${JSON.stringify(objects.envoy, null, 2)}\n`,
    'prometheus/prometheus.yml': stringify(objects.prometheus, { lineWidth: 0 }),
    'README.md': readme(plan, objects),
  };
  if (objects.linkerd.length > 0) files['linkerd/policy.yaml'] = yamlDocs(objects.linkerd);
  return { plan, objects, files };
}
