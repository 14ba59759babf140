/**
 * Export a service lab to real infrastructure: run the lab once with the Node runner, read what
 * gomesh reported of its services, sidecars and clients (`mesh-config` lines), and write
 * Kubernetes manifests, Istio and Linkerd policy, a plain Envoy front proxy, a Prometheus scrape
 * config and a README that maps each gomesh setting to the field it became.
 *
 * Why here (src/lab/export/) and not in gomesh: the export needs the lab (its id, its run) and
 * writes files for tools gomesh knows nothing of; gomesh only reports its configuration as data
 * (src/mesh/inspect.ts), as it reports its traffic, and stays free of Kubernetes.
 *
 * Invariants: the export is a pure function of the lab and its recorded configuration (same lab,
 * same files, byte for byte); it refuses a lab that is not a service lab, or one whose run reported
 * no service; every file is written under the directory given, which it creates.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MeshConfigRecord } from 'gomesh';
import type { Lab } from '../schema.ts';
import { runLab, type RunLabOptions } from '../runners/node.ts';
import { generate, type ExportObjects, type K8sObject } from './generate.ts';
import { planExport, type ExportPlan } from './model.ts';
import { readme } from './readme.ts';

export { generate, planExport, readme };
export { exportFiles, type ExportFiles } from './files.ts';
export type { ExportObjects, ExportPlan, K8sObject };

/**
 * Runs `lab` once (its solution by default) and returns the configuration records it reported. The
 * run ends when the program ends or once it only serves (`untilServing`): a service that serves
 * until stopped has set itself up by then, and its limit (15-90 s) would be time spent waiting.
 */
export async function captureMeshConfig(
  lab: Lab,
  options: Pick<RunLabOptions, 'packages' | 'signal'> & { files?: RunLabOptions['files'] },
): Promise<MeshConfigRecord[]> {
  if (!lab.meta.services) throw new Error(`${lab.id} is not a service lab ("services": true in lab.json)`);
  const records: MeshConfigRecord[] = [];
  const outcome = await runLab(lab, {
    mode: 'run',
    untilServing: true,
    files: options.files ?? 'solution',
    packages: options.packages,
    ...(options.signal ? { signal: options.signal } : {}),
    onMessage: (m) => {
      if (m.type === 'mesh-config') records.push(m.record);
    },
  });
  if (!records.some((r) => r.kind === 'server')) {
    throw new Error(
      `${lab.id}: the run reported no service (exit status ${outcome.result.exitCode})\n${outcome.text.slice(-2000)}`,
    );
  }
  return records;
}

/** Writes `files` under `dir`. */
export async function writeExport(dir: string, files: Readonly<Record<string, string>>): Promise<string[]> {
  const written: string[] = [];
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    written.push(file);
  }
  return written;
}
