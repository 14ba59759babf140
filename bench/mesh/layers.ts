/**
 * bench/mesh: what each sidecar layer costs on its own, in process, with no network in the way.
 *
 * The sidecar's handler is built (`buildSidecar`) with one layer at a time over a transport that
 * answers at once without a socket, and driven request after request; the CPU time of this
 * process per request, minus that of the same handler with no optional layer (metrics and the
 * cluster only), is the layer's own cost. A proxy run over sockets (run.ts) cannot show this: its
 * per-request CPU is dominated by Node's http and socket writes and swings by more than any one
 * layer costs. Invariant: every configuration serves the same request and gets a 200; a layer
 * that refuses it (a policy mistake) fails the run instead of looking cheap.
 */
import { buildSidecar, createMesh, type SidecarOptions } from 'gomesh/sidecar';
import { TraceCollector } from 'gomesh/tracing';
import { MeshRequest, MeshResponse, type Transport } from 'gomesh';
import { percentile } from 'gomesh/metrics';

const BODY = new TextEncoder().encode(JSON.stringify({ id: 1, name: 'Ada Lovelace' }));

/** Answers every request with the same 200 at once: what is left is the layers' own work. */
const nullTransport: Transport = {
  name: 'null',
  listen: () => Promise.reject(new Error('the null transport does not listen')),
  send: () =>
    Promise.resolve(
      new MeshResponse(200, BODY, { 'content-type': 'application/json' }, { endpoint: '127.0.0.1:1' }),
    ),
};

type LayerOptions = Omit<SidecarOptions, 'service' | 'upstream' | 'mesh' | 'transport'>;

/** The layers of run.ts's sidecar, by the option that turns each on. */
export function allLayers(): LayerOptions {
  return {
    tracing: new TraceCollector({ capacity: 1000 }),
    policy: {
      deny: [{ paths: ['/admin/*'] }],
      allow: [{ from: ['bench'], methods: ['GET'], paths: ['/users/*'] }],
    },
    rateLimit: { ratePerSec: 1e9, burst: 1e9 },
    fault: { delay: { percent: 0, ms: 100 }, abort: { percent: 0, status: 503 } },
    timeoutMs: 5000,
    circuitBreaker: true,
    retry: true,
    outlier: true,
    signIdentity: true,
  };
}

export interface LayerCost {
  name: string;
  /** CPU µs per request added to the bare handler (median of the repetitions). */
  micros: number;
}

export interface LayerCosts {
  /** CPU µs per request of metrics + cluster alone. */
  base: number;
  layers: LayerCost[];
  /** CPU µs per request with every layer on. */
  all: number;
}

/** Measures each layer of `allLayers()` alone and all together, `reps` times each, interleaved. */
export async function measureLayerCosts(
  secret: Uint8Array,
  reps: number,
  requests = 40_000,
): Promise<LayerCosts> {
  const mesh = createMesh({ name: 'bench', secret });
  const token = await mesh.token('bench');
  const layers = allLayers();
  const names = Object.keys(layers) as (keyof LayerOptions)[];

  const perRequest = async (options: LayerOptions): Promise<number> => {
    const { serve } = buildSidecar({
      service: 'bench-proxy',
      upstream: { service: 'users', endpoints: ['http://127.0.0.1:1'], balancer: 'peak-ewma' },
      mesh,
      transport: nullTransport,
      ...options,
    });
    const request = () =>
      new MeshRequest({
        method: 'GET',
        url: '/users/1',
        headers: { host: 'bench-proxy', 'x-mesh-identity': token, accept: '*/*' },
      });
    for (let i = 0; i < requests / 4; i++) await serve(request()); // warm-up: JIT
    const before = process.cpuUsage();
    for (let i = 0; i < requests; i++) {
      const res = await serve(request());
      if (res.status !== 200)
        throw new Error(`layers ${Object.keys(options).join(', ')} answered ${res.status}`);
    }
    const used = process.cpuUsage(before);
    return (used.user + used.system) / requests;
  };

  const configs: [string, LayerOptions][] = [
    ['base', {}],
    ...names.map((n): [string, LayerOptions] => [n, { [n]: layers[n] }]),
    ['all', layers],
  ];
  const runs = new Map<string, number[]>(configs.map(([n]) => [n, []]));
  for (let rep = 0; rep < reps; rep++)
    for (const [name, options] of configs) runs.get(name)?.push(await perRequest(options));
  const med = (name: string) => percentile(runs.get(name) ?? [], 50);
  const base = med('base');
  return { base, layers: names.map((name) => ({ name, micros: med(name) - base })), all: med('all') };
}

export function formatLayerCosts(costs: LayerCosts, reps: number): string[] {
  return [
    `each layer alone, in process over a transport that answers at once (CPU µs/request, median of ${reps}):`,
    `${'metrics + cluster'.padEnd(20)}${costs.base.toFixed(2).padStart(8)}`,
    ...costs.layers.map((l) => `${('+ ' + l.name).padEnd(20)}${l.micros.toFixed(2).padStart(8)}`),
    `${'every layer'.padEnd(20)}${costs.all.toFixed(2).padStart(8)}`,
  ];
}
