/**
 * The export of the capstone's labs (operations/capstone-*): each solution runs once with the Node
 * runner, and its export must validate against the targets' schemas as every service lab's does
 * (export.test.ts), and must carry what each step configured — step 3 the catalog's three replicas
 * and orders' own balancer for them, step 4 the resilience of orders' calls to payments.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { buildLabPackages } from '../../scripts/build-lab-packages.mjs';
import { loadAllLabs } from '../../src/lab/load.ts';
import {
  captureMeshConfig,
  exportFiles,
  type ExportFiles,
  type K8sObject,
} from '../../src/lab/export/index.ts';
import {
  BOOTSTRAP,
  checkEnvoy,
  checkPrometheus,
  typecheckObjects,
  typedMessages,
  validateModel,
} from './validate.ts';

const toolchain = inject('goToolchain');

async function problems(exp: ExportFiles): Promise<string[]> {
  const objects: K8sObject[] = [...exp.objects.kubernetes, ...exp.objects.istio, ...exp.objects.linkerd];
  const found = [
    ...objects.map((o) => validateModel(o)).map((v, i) => (v ? `${objects[i]!.kind}: ${v}` : '')),
    ...typecheckObjects(objects).map((v, i) => (v ? `${objects[i]!.kind}: ${v}` : '')),
  ];
  if (toolchain.available) {
    found.push(
      ...(await checkEnvoy([
        { '@type': BOOTSTRAP, ...exp.objects.envoy },
        ...typedMessages(exp.objects.envoy),
        ...exp.objects.envoyEmbedded,
      ])),
      ...(await checkPrometheus([exp.files['prometheus/prometheus.yml']!])),
    );
  }
  return found.filter(Boolean);
}

describe('the export of the capstone labs', () => {
  const exports = new Map<string, ExportFiles>();

  beforeAll(async () => {
    const { loaded } = await buildLabPackages({ types: false, write: false, log: () => {} });
    const labs = (await loadAllLabs()).filter((lab) => lab.id.startsWith('operations/capstone-'));
    for (const lab of labs) {
      const records = await captureMeshConfig(lab, { packages: loaded });
      exports.set(lab.id, exportFiles({ id: lab.id, title: lab.meta.title.en }, records));
    }
  }, 600_000);

  it('exports every capstone lab, each object valid for Kubernetes, Istio, Linkerd, Envoy and Prometheus', async () => {
    expect([...exports.keys()]).toEqual(
      expect.arrayContaining(['operations/capstone-3-balance', 'operations/capstone-4-resilient']),
    );
    for (const [id, exp] of exports) {
      expect(
        exp.plan.services.map((s) => s.name),
        id,
      ).toEqual(expect.arrayContaining(['catalog', 'orders', 'payments', 'users']));
      expect(await problems(exp), id).toEqual([]);
    }
  }, 600_000);

  it('capstone 3: three catalog replicas, and orders’ balancer for them named as its own', () => {
    const exp = exports.get('operations/capstone-3-balance')!;
    expect(exp.plan.services.find((s) => s.name === 'catalog')).toMatchObject({ replicas: 3 });
    expect(exp.plan.services.map((s) => s.name)).toContain('gateway');
    expect(exp.files['README.md']).toContain('| orders → catalog (client) | balancer: custom |');
  });

  it('capstone 4: three payments replicas, and orders’ 100ms timeout and ejection of two of them', () => {
    const exp = exports.get('operations/capstone-4-resilient')!;
    expect(exp.plan.services.find((s) => s.name === 'payments')).toMatchObject({ replicas: 3 });
    const vs = exp.objects.istio.find((o) => o.kind === 'VirtualService' && o.metadata.name === 'payments')!;
    // orders retries the charge itself (a POST, with its Idempotency-Key): the mesh must not.
    expect(vs.spec).toMatchObject({
      http: [{ match: [{ sourceLabels: { app: 'orders' } }], timeout: '0.1s', retries: { attempts: 0 } }],
    });
    const dr = exp.objects.istio.find((o) => o.kind === 'DestinationRule' && o.metadata.name === 'payments')!;
    expect(dr.spec).toMatchObject({
      trafficPolicy: { outlierDetection: { consecutive5xxErrors: 3, maxEjectionPercent: 67 } },
    });
  });
});
