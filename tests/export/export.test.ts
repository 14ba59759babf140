/**
 * The export of every service lab (issue 21): each lab's solution runs once with the Node runner,
 * gomesh reports its configuration, and every object of the export validates against the targets'
 * schemas (validate.ts); a synthetic configuration that uses every gomesh layer validates too, and
 * an unknown or wrongly typed field fails (the negative tests prove the validation can fail).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { MeshConfigRecord } from 'gomesh';
import { buildLabPackages } from '../../scripts/build-lab-packages.mjs';
import { loadAllLabs, loadLab } from '../../src/lab/load.ts';
import { runLab } from '../../src/lab/runners/node.ts';
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

/** Every gomesh layer, as a sidecar, a client and a server report them. */
const EVERY_LAYER: MeshConfigRecord[] = [
  {
    kind: 'server',
    name: 'api',
    port: 8080,
    routes: [
      { method: 'GET', pattern: '/healthz' },
      { method: 'GET', pattern: '/metrics' },
    ],
    layers: [],
    registry: true,
  },
  { kind: 'server', name: 'api', port: 8080, routes: null, layers: [], registry: true },
  {
    kind: 'server',
    name: 'ledger',
    port: 0,
    routes: null,
    layers: [{ layer: 'fault', abort: { percent: 10, status: 503 }, phase: 'request' }],
    registry: false,
  },
  {
    kind: 'server',
    name: 'web',
    port: 9000,
    routes: [{ method: 'GET', pattern: '/' }],
    layers: [],
    registry: false,
  },
  {
    kind: 'sidecar',
    service: 'web',
    upstream: 'api',
    balancer: 'least-request',
    layers: [
      { layer: 'tracing' },
      {
        layer: 'authz',
        deny: [{ from: ['web'], methods: ['DELETE'] }],
        allow: [{ from: ['*'], paths: ['/users/*', '/healthz'] }],
      },
      { layer: 'rate-limit', ratePerSec: 10, burst: 5 },
      { layer: 'fault', delay: { percent: 5, ms: 200 }, phase: 'request' },
      { layer: 'timeout', timeoutMs: 1500 },
      {
        layer: 'circuit-breaker',
        failureThreshold: 5,
        cooldownMs: 10000,
        halfOpenMaxCalls: 1,
        customFailure: false,
      },
      {
        layer: 'retry',
        maxRetries: 3,
        baseMs: 25,
        capMs: 250,
        perTryTimeoutMs: 200,
        budget: { retryRatio: 0.2, minRetriesPerSecond: 10, ttlMs: 10000 },
        skipTriedHosts: true,
      },
      {
        layer: 'outlier',
        consecutive5xx: 3,
        baseEjectionMs: 30000,
        maxEjectionPercent: 50,
        maxEjectionMs: 300000,
      },
      { layer: 'identity', service: 'web' },
    ],
  },
  {
    kind: 'sidecar',
    service: 'api',
    upstream: 'api',
    balancer: 'round-robin',
    layers: [{ layer: 'rate-limit', ratePerSec: 0.5, burst: 2 }],
  },
  {
    kind: 'client',
    caller: 'web',
    service: 'ledger',
    balancer: 'peak-ewma',
    layers: [
      { layer: 'custom' },
      { layer: 'timeout', timeoutMs: 100 },
      {
        layer: 'fault',
        delay: { percent: 5, ms: 1000 },
        abort: { percent: 15, status: 503 },
        phase: 'response',
      },
    ],
  },
  { kind: 'client', caller: null, service: 'gone', balancer: 'round-robin', layers: [] },
];

interface Verdict {
  models: string[];
  types: string[];
  envoy: string[];
  prometheus: string[];
}

/**
 * Each export's verdict, and how many Envoy messages it sent to the Envoy check. The Go checks run
 * once for all the exports together (each `go run` costs its start-up, ~0.4 s, 34 of them in all).
 */
async function validateExports(
  exps: readonly ExportFiles[],
): Promise<{ verdict: Verdict; envoyChecked: number }[]> {
  const messagesOf = exps.map((exp) => [
    { '@type': BOOTSTRAP, ...exp.objects.envoy },
    ...typedMessages(exp.objects.envoy),
    ...exp.objects.envoyEmbedded,
  ]);
  const envoy = toolchain.available ? await checkEnvoy(messagesOf.flat()) : [];
  const prometheus = toolchain.available
    ? await checkPrometheus(exps.map((exp) => exp.files['prometheus/prometheus.yml']!))
    : [];
  let at = 0;
  return exps.map((exp, i) => {
    const objects: K8sObject[] = [...exp.objects.kubernetes, ...exp.objects.istio, ...exp.objects.linkerd];
    const models = objects.map((o) => validateModel(o)).map((v, j) => (v ? `${objects[j]!.kind}: ${v}` : ''));
    const types = typecheckObjects(objects).map((v, j) => (v ? `${objects[j]!.kind}: ${v}` : ''));
    const count = messagesOf[i]!.length;
    const mine = envoy.slice(at, at + count);
    at += count;
    return {
      verdict: {
        models: models.filter(Boolean),
        types: types.filter(Boolean),
        envoy: mine.filter(Boolean),
        prometheus: prometheus.slice(i, i + 1).filter(Boolean),
      },
      envoyChecked: toolchain.available ? mine.length : 0,
    };
  });
}

describe('the export of every service lab', () => {
  const exports = new Map<string, ExportFiles>();
  let ids: string[] = [];

  beforeAll(async () => {
    const { loaded } = await buildLabPackages({ types: false, write: false, log: () => {} });
    const labs = (await loadAllLabs()).filter((lab) => lab.meta.services);
    ids = labs.map((lab) => lab.id);
    for (const lab of labs) {
      const records = await captureMeshConfig(lab, { packages: loaded });
      exports.set(lab.id, exportFiles({ id: lab.id, title: lab.meta.title.en }, records));
    }
  }, 600_000);

  it('exports each one, with a Deployment and a Service for each service it starts', () => {
    expect(ids.length).toBeGreaterThanOrEqual(9);
    for (const [id, exp] of exports) {
      expect(exp.plan.services.length, id).toBeGreaterThan(0);
      for (const s of exp.plan.services) {
        const kinds = exp.objects.kubernetes
          .filter((o) => o.metadata.name === s.name.toLowerCase())
          .map((o) => o.kind);
        expect(kinds, `${id} ${s.name}`).toEqual(expect.arrayContaining(['Deployment', 'Service']));
      }
      expect(Object.keys(exp.files), id).toEqual(
        expect.arrayContaining([
          'kubernetes/services.yaml',
          'istio/policy.yaml',
          'envoy/front-proxy.json',
          'README.md',
        ]),
      );
    }
  });

  it('reads what the labs configured: bad-replica’s retries, per-try timeout and outlier ejection, 3 replicas', () => {
    const exp = exports.get('operations/bad-replica')!;
    expect(exp.plan.services).toMatchObject([{ name: 'inventory', replicas: 3 }]);
    const vs = exp.objects.istio.find((o) => o.kind === 'VirtualService')!;
    expect(vs.spec).toMatchObject({
      http: [
        { timeout: '1s', retries: { attempts: 2, perTryTimeout: '0.1s', retryOn: '5xx' } },
        { retries: { attempts: 0 } },
      ],
    });
    const dr = exp.objects.istio.find((o) => o.kind === 'DestinationRule')!;
    expect(dr.spec).toMatchObject({ trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5 } } });
    const deployment = exp.objects.kubernetes.find((o) => o.kind === 'Deployment')!;
    expect(deployment.spec).toMatchObject({ replicas: 3 });
  });

  it('reads order-saga’s client and server faults: one Istio fault with the client’s delay and the server’s abort', () => {
    const exp = exports.get('operations/order-saga')!;
    const vs = exp.objects.istio.find((o) => o.kind === 'VirtualService' && o.metadata.name === 'inventory')!;
    expect(vs.spec).toMatchObject({
      http: [
        {
          match: [{ sourceLabels: { app: 'orders' } }],
          timeout: '0.1s',
          fault: {
            delay: { percentage: { value: 5 }, fixedDelay: '1s' },
            abort: { percentage: { value: 10 }, httpStatus: 503 },
          },
        },
      ],
    });
    expect(exp.objects.gaps.map((g) => g.setting)).toEqual(
      expect.arrayContaining([expect.stringContaining('fault phase: response')]),
    );
  });

  it('reads capstone 3: three catalog replicas, and orders’ balancer for them named as its own', () => {
    const exp = exports.get('operations/capstone-3-balance')!;
    expect(exp.plan.services.find((s) => s.name === 'catalog')).toMatchObject({ replicas: 3 });
    expect(exp.plan.services.map((s) => s.name)).toContain('gateway');
    expect(exp.files['README.md']).toContain('| orders → catalog (client) | balancer: custom |');
  });

  it('reads capstone 4: three payments replicas, orders’ 100ms timeout and ejection of two of them, no mesh retry of a POST', () => {
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

  it('validates every object of every export against the typed models, Envoy’s protos and Prometheus’s config rules', async () => {
    const verdicts = await validateExports([...exports.values()]);
    for (const [i, id] of [...exports.keys()].entries()) {
      const { verdict, envoyChecked } = verdicts[i]!;
      expect(verdict, id).toEqual({ models: [], types: [], envoy: [], prometheus: [] });
      // The bootstrap, its http_connection_manager and router at least: the check did run.
      if (toolchain.available) expect(envoyChecked, id).toBeGreaterThanOrEqual(3);
    }
  }, 600_000);

  it('validates an export that uses every gomesh layer', async () => {
    const exp = exportFiles({ id: 'test/every-layer', title: 'Every layer' }, EVERY_LAYER);
    const kinds = new Set([...exp.objects.istio, ...exp.objects.linkerd].map((o) => o.kind));
    expect([...kinds].sort()).toEqual([
      'AuthorizationPolicy',
      'DestinationRule',
      'EnvoyFilter',
      'HTTPRoute',
      'PeerAuthentication',
      'Service',
      'VirtualService',
    ]);
    const [result] = await validateExports([exp]);
    expect(result?.verdict).toEqual({ models: [], types: [], envoy: [], prometheus: [] });
    const readme = exp.files['README.md']!;
    for (const gap of [
      'circuitBreaker',
      'retry budget',
      'fault phase: response',
      'a layer of the program’s own',
      'balancer: peak-ewma',
    ])
      expect(readme).toContain(gap);
    expect(exp.plan.services.find((s) => s.name === 'api')).toMatchObject({
      replicas: 2,
      health: '/healthz',
      metrics: true,
    });
  }, 600_000);
});

describe('the validation fails on what the targets would refuse', () => {
  const exp = exportFiles({ id: 'test/every-layer', title: 'Every layer' }, EVERY_LAYER);
  const clone = <T>(o: T): T => structuredClone(o);

  it('an unknown field deep in a VirtualService (retries.budget) fails the type check', () => {
    const vs = clone(exp.objects.istio.find((o) => o.kind === 'VirtualService')!);
    (vs.spec as { http: { retries: Record<string, unknown> }[] }).http[0]!.retries['budget'] = 0.2;
    expect(validateModel(vs)).toBe(''); // the model's schema, like the CRD's, allows unknown fields
    expect(typecheckObjects([vs])[0]).toMatch(
      /Object literal may only specify known properties, and '"budget"' does not exist/,
    );
  });

  it('an unknown field in a Deployment’s container fails the type check', () => {
    const d = clone(exp.objects.kubernetes.find((o) => o.kind === 'Deployment')!);
    (
      d.spec as { template: { spec: { containers: Record<string, unknown>[] } } }
    ).template.spec.containers[0]!['healthz'] = '/';
    expect(typecheckObjects([d])[0]).toMatch(/'"healthz"' does not exist in type 'IContainer'/);
  });

  it('a wrong type or a bad value fails the model’s validate()', () => {
    const dr = clone(exp.objects.istio.find((o) => o.kind === 'DestinationRule')!);
    (dr.spec as { trafficPolicy: { loadBalancer: { simple: string } } }).trafficPolicy.loadBalancer.simple =
      'PEAK_EWMA';
    expect(validateModel(dr)).toMatch(/simple/);
    const route = clone(exp.objects.linkerd.find((o) => o.kind === 'HTTPRoute')!);
    (route.spec as { rules: { timeouts: { request: string } }[] }).rules[0]!.timeouts.request = '1 second';
    expect(validateModel(route)).toMatch(/timeouts\/request/);
  });

  it.skipIf(!toolchain.available)(
    'an unknown field, or a value Envoy’s rules refuse, fails the Envoy check',
    async () => {
      const bootstrap = { '@type': BOOTSTRAP, ...clone(exp.objects.envoy) } as Record<string, unknown>;
      const unknown = {
        ...bootstrap,
        static_resources: { ...(bootstrap['static_resources'] as object), listners: [] },
      };
      const cluster = clone(bootstrap) as { static_resources: { clusters: Record<string, unknown>[] } };
      cluster.static_resources.clusters[0]!['name'] = '';
      const rateLimit = {
        ...exp.objects.envoyEmbedded[0]!,
        stat_prefix: '',
        token_bucket: { max_tokens: 5, fill_interval: '0s' },
      };
      const verdicts = await checkEnvoy([unknown, cluster, rateLimit]);
      expect(verdicts[0]).toMatch(/unknown field "listners"/);
      expect(verdicts[1]).toMatch(/Name: value length must be at least 1/);
      expect(verdicts[2]).toMatch(/StatPrefix: value length must be at least 1 runes/);
      expect(verdicts[2]).toMatch(/FillInterval: value must be greater than 0s/);
    },
    600_000,
  );
});

describe('the Prometheus check', () => {
  it.skipIf(!toolchain.available)(
    'fails an unknown field, a bad relabel action or regex, and an unknown Kubernetes role',
    async () => {
      const exp = exportFiles({ id: 'test/every-layer', title: 'Every layer' }, EVERY_LAYER);
      const good = exp.files['prometheus/prometheus.yml']!;
      const verdicts = await checkPrometheus([
        good,
        good.replace('scrape_interval: 15s', 'scrape_interval: 15s\n  scrape_every: 15s'),
        good.replace('action: keep', 'action: keep-only'),
        good.replace('regex: (.+)', 'regex: (.+'),
        good.replace('role: pod', 'role: pods'),
        good.replace('scrape_interval: 15s', 'scrape_interval: 15s\n  scrape_timeout: 20s'),
      ]);
      expect(verdicts[0]).toBe('');
      expect(verdicts[1]).toMatch(/field scrape_every not found/);
      expect(verdicts[2]).toMatch(/unknown relabel action "keep-only"/);
      expect(verdicts[3]).toMatch(/error parsing regexp: missing closing \)/);
      expect(verdicts[4]).toMatch(/unknown Kubernetes SD role "pods"/);
      expect(verdicts[5]).toMatch(/global scrape timeout greater than scrape interval/);
    },
    900_000,
  );
});

/** The built packages and the echo fixture lab (real clock, 15 s limit) the runs below use. */
async function echoFixture() {
  const { loaded } = await buildLabPackages({ types: false, write: false, log: () => {} });
  return { loaded, base: await loadLab('tests/fixtures/labs/good/services/echo') };
}

describe('the export’s run', () => {
  it('ends, with status 0, once the program only serves: after every service it starts, a pause between them included', async () => {
    // Without --until-serving this program would serve until the fixture's 15 s limit.
    const { loaded, base } = await echoFixture();
    const main = [
      "import { main } from 'gort';",
      "import { sleep } from 'gort/time';",
      "import { listenAndServe, serve, text } from 'gomesh';",
      'main(async () => {',
      "  await serve('api', () => text(200, 'ok'));",
      '  await sleep(100);',
      "  await listenAndServe('127.0.0.1:0', () => text(200, 'ok'), { name: 'web' });",
      '});',
    ].join('\n');
    const servers: string[] = [];
    const outcome = await runLab(base, {
      mode: 'run',
      untilServing: true,
      files: { 'main.ts': main },
      packages: loaded,
      onMessage: (m) => {
        if (m.type === 'mesh-config' && m.record.kind === 'server') servers.push(m.record.name);
      },
    });
    expect(outcome.result).toEqual({ exitCode: 0, stopped: false });
    expect(servers).toEqual(['api', 'web']);
    // Without --until-serving the same program is still serving when a 1 s limit ends it.
    const limited = await runLab(
      { ...base, meta: { ...base.meta, timeoutMs: 1000 } },
      { mode: 'run', files: { 'main.ts': main }, packages: loaded },
    );
    expect(limited.result).toMatchObject({ stopped: true, reason: 'timeout' });
  }, 120_000);
});

describe('the records a run sends', () => {
  it('each server (an instance), each sidecar or client setup once however often it is built', async () => {
    const { loaded, base } = await echoFixture();
    const main = [
      "import { main } from 'gort';",
      "import { ServiceClient, serve, text } from 'gomesh';",
      'main(async () => {',
      "  const a = await serve('api', () => text(200, 'ok'));",
      "  await serve('api', () => text(200, 'ok'));",
      '  for (let i = 0; i < 5; i++) {',
      "    const c = new ServiceClient({ endpoints: { api: [a.url] }, caller: 'web' });",
      "    await c.get('api', '/');",
      '  }',
      '});',
    ].join('\n');
    const records = await captureMeshConfig(base, { packages: loaded, files: { 'main.ts': main } });
    expect(records.map((r) => r.kind)).toEqual(['server', 'server', 'client']);
    expect(exportFiles({ id: 'test/api', title: 'api' }, records).plan.services).toMatchObject([
      { name: 'api', replicas: 2 },
    ]);
  }, 120_000);
});
