/**
 * The lesson "From gomesh to Kubernetes and a real mesh" shows real exports, so they are checked
 * against the exporter here and cannot drift from it:
 *
 * - the excerpts of operations/bad-replica's export it shows (src/snippets/gomesh-to-kubernetes/
 *   export/) are each a block of the file the exporter writes for that lab's solution, byte for
 *   byte up to the block's indentation (an excerpt of the Envoy JSON is shown unindented);
 * - the production policy of its lab (labs/operations/match-production/*\/production.ts) is what
 *   the exporter writes for the lab's solution (every Istio object, spec for spec; the namespace
 *   is production's own), and not what it writes for the starter.
 *
 * When the exporter changes on purpose, re-record the excerpts from
 * `npm run lab -- operations/bad-replica --export <dir>`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { buildLabPackages } from '../../scripts/build-lab-packages.mjs';
import { loadLab } from '../../src/lab/load.ts';
import { captureMeshConfig, exportFiles, type ExportFiles } from '../../src/lab/export/index.ts';
import * as production from '../../labs/operations/match-production/solution/production.ts';
import { docsDir, labsDir, snippetsDir } from '../lessons/lessons.ts';

const excerpt = (name: string) =>
  readFileSync(path.join(snippetsDir, 'gomesh-to-kubernetes/export', name), 'utf8');

/** Whether `block`'s lines, each indented by the same number of spaces, are lines of `text` in a row. */
function containsBlock(text: string, block: string): boolean {
  const lines = text.split('\n');
  const want = block.replace(/\n$/, '').split('\n');
  for (let i = 0; i + want.length <= lines.length; i++) {
    const indent = /^ */.exec(lines[i]!)![0];
    const same = want.every((w, k) => {
      const got = lines[i + k]!;
      // The last line of an excerpt may stop before the comma that follows it in the file.
      return got === indent + w || (k === want.length - 1 && got === `${indent}${w},`);
    });
    if (same) return true;
  }
  return false;
}

async function exportOf(id: string, files: 'solution' | 'starter' = 'solution'): Promise<ExportFiles> {
  const { loaded } = await buildLabPackages({ types: false, write: false, log: () => {} });
  const lab = await loadLab(path.join(labsDir, id));
  const records = await captureMeshConfig(lab, { packages: loaded, files });
  return exportFiles({ id: lab.id, title: lab.meta.title.en }, records);
}

describe('the lesson’s excerpts of operations/bad-replica’s export', () => {
  let exp: ExportFiles;
  beforeAll(async () => {
    exp = await exportOf('operations/bad-replica');
  }, 120_000);

  it.each([
    ['istio-policy.yaml', 'istio/policy.yaml'],
    ['linkerd-policy.yaml', 'linkerd/policy.yaml'],
    ['deployment.yaml', 'kubernetes/services.yaml'],
    ['envoy-route.json', 'envoy/front-proxy.json'],
    ['envoy-outlier.json', 'envoy/front-proxy.json'],
    ['readme-mapping.md', 'README.md'],
  ])('%s is a block of the export’s %s', (name, file) => {
    const text = exp.files[file];
    expect(text, file).toBeDefined();
    expect(containsBlock(text!, excerpt(name)), `${name} in ${file}`).toBe(true);
  });

  it('shows the whole Istio and Linkerd policy, and the README from its mapping table to its end', () => {
    expect(excerpt('istio-policy.yaml')).toBe(exp.files['istio/policy.yaml']);
    expect(excerpt('linkerd-policy.yaml')).toBe(exp.files['linkerd/policy.yaml']);
    expect(exp.files['README.md']!.endsWith(excerpt('readme-mapping.md'))).toBe(true);
  });

  it('has the six files and the object counts the page names', () => {
    expect(Object.keys(exp.files).sort()).toEqual([
      'README.md',
      'envoy/front-proxy.json',
      'istio/policy.yaml',
      'kubernetes/services.yaml',
      'linkerd/policy.yaml',
      'prometheus/prometheus.yml',
    ]);
    expect(exp.objects.kubernetes.map((o) => o.kind)).toEqual([
      'Namespace',
      'ServiceAccount',
      'Deployment',
      'Service',
    ]);
    expect(exp.objects.istio.map((o) => o.kind)).toEqual(['VirtualService', 'DestinationRule']);
    expect(exp.objects.linkerd.map((o) => o.kind)).toEqual(['HTTPRoute', 'HTTPRoute', 'Service']);
    const page = (dir: string) =>
      readFileSync(path.join(docsDir, dir, 'operations/gomesh-to-kubernetes.mdx'), 'utf8').replace(
        /\s*\n\s*/g,
        ' ',
      );
    expect(page('')).toContain(
      'It writes six files: `kubernetes/services.yaml`, `istio/policy.yaml`, `linkerd/policy.yaml`, `envoy/front-proxy.json`, `prometheus/prometheus.yml` and `README.md` — four Kubernetes objects, two Istio objects and three Linkerd objects.',
    );
    expect(page('zh-cn')).toContain('一共四个 Kubernetes 对象、两个 Istio 对象、三个 Linkerd 对象');
  });

  it('fails an excerpt that is not in the file (one value changed, or lines out of order)', () => {
    const route = excerpt('envoy-route.json');
    const json = exp.files['envoy/front-proxy.json']!;
    expect(containsBlock(json, route)).toBe(true);
    expect(containsBlock(json, route.replace('"num_retries": 2', '"num_retries": 3'))).toBe(false);
    const [a, b, ...rest] = route.split('\n');
    expect(containsBlock(json, [b, a, ...rest].join('\n'))).toBe(false);
  });
});

describe('the lab operations/match-production', () => {
  const objects = [production.virtualService, production.destinationRule].flatMap((text) =>
    parseAllDocuments(text).map(
      (d) => d.toJS() as { kind: string; metadata: { name: string }; spec: unknown },
    ),
  );

  it('gives production’s policy as the exporter writes the solution’s, spec for spec', async () => {
    const exp = await exportOf('operations/match-production');
    expect(objects.map((o) => o.kind)).toEqual(['VirtualService', 'DestinationRule']);
    expect(exp.objects.istio.map((o) => [o.kind, o.metadata.name])).toEqual(
      objects.map((o) => [o.kind, o.metadata.name]),
    );
    for (const o of objects) {
      const exported = exp.objects.istio.find((e) => e.kind === o.kind)!;
      expect(exported['apiVersion'], o.kind).toBe('networking.istio.io/v1');
      expect(exported['spec'], o.kind).toEqual(o.spec);
    }
    // What the YAML cannot say, the solution sets as Envoy has it: no capMs or budget gap is left.
    expect(exp.objects.gaps.map((g) => g.setting)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^retry\.capMs|^retry budget/)]),
    );
  }, 120_000);

  it('gives the same production policy in both starters, and the starter’s export differs from it', async () => {
    const zh = await import('../../labs/operations/match-production/starter.zh-cn/production.ts');
    const en = await import('../../labs/operations/match-production/starter/production.ts');
    for (const starter of [en, zh]) {
      expect(starter.virtualService).toBe(production.virtualService);
      expect(starter.destinationRule).toBe(production.destinationRule);
    }
    const exp = await exportOf('operations/match-production', 'starter');
    const vs = exp.objects.istio.find((o) => o.kind === 'VirtualService')!;
    expect(vs['spec']).not.toEqual(objects[0]!.spec);
    expect(exp.objects.istio.some((o) => o.kind === 'DestinationRule')).toBe(false);
  }, 120_000);
});
