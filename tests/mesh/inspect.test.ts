/**
 * gomesh's configuration records (inspect.ts, `onMeshConfig`): what the export reads. A server
 * reports its port, its Router's routes and the layers composed in front of it; a sidecar its
 * upstream, balancer and layers with every option as it takes effect (defaults applied); a
 * ServiceClient each target's caller, balancer and layers; nothing is recorded, nor described,
 * while no one listens.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runProgram } from 'gort/testing';
import {
  Router,
  ServiceClient,
  compose,
  memoryTransport,
  onMeshConfig,
  serve,
  setTransport,
  closeAll,
  text,
  toHandler,
  type MeshConfigRecord,
} from 'gomesh';
import { faultInjection, startSidecar, timeout } from 'gomesh/sidecar';

async function recorded(fn: () => Promise<void>): Promise<MeshConfigRecord[]> {
  const records: MeshConfigRecord[] = [];
  const stop = onMeshConfig((r) => records.push(r));
  try {
    const program = await runProgram(fn);
    expect(program.output).toBe('');
  } finally {
    stop();
  }
  return records;
}

describe('onMeshConfig', () => {
  afterEach(async () => {
    await closeAll();
  });

  it('records a server’s routes and the mesh layers composed in front of it, not the program’s own', async () => {
    setTransport(memoryTransport());
    const own = compose(); // a layer gomesh did not build
    const records = await recorded(async () => {
      const r = new Router().get('/healthz', () => text(200, 'ok')).post('/orders', () => text(201, ''));
      await serve(
        'orders',
        compose(faultInjection({ abort: { percent: 10, status: 503 } }), own)(toHandler(r)),
        {
          port: 8081,
        },
      );
      await closeAll();
    });
    expect(records).toEqual([
      {
        kind: 'server',
        name: 'orders',
        port: 8081,
        routes: [
          { method: 'GET', pattern: '/healthz' },
          { method: 'POST', pattern: '/orders' },
        ],
        layers: [
          { layer: 'fault', abort: { percent: 10, status: 503 }, phase: 'request' },
          { layer: 'custom' },
        ],
        registry: false,
      },
    ]);
  });

  it('records a sidecar’s layers in its order, with the defaults that take effect', async () => {
    setTransport(memoryTransport());
    const records = await recorded(async () => {
      const s = await serve('inventory', () => text(200, 'ok'));
      const sidecar = await startSidecar({
        service: 'shop',
        upstream: { service: 'inventory', endpoints: [s.url], balancer: 'least-request' },
        timeoutMs: 1000,
        retry: { perTryTimeoutMs: 100 },
        outlier: true,
      });
      await sidecar.close();
      await closeAll();
    });
    expect(records.find((r) => r.kind === 'sidecar')).toEqual({
      kind: 'sidecar',
      service: 'shop',
      upstream: 'inventory',
      balancer: 'least-request',
      layers: [
        { layer: 'timeout', timeoutMs: 1000 },
        {
          layer: 'retry',
          maxRetries: 2,
          baseMs: 25,
          capMs: 250,
          perTryTimeoutMs: 100,
          budget: { retryRatio: 0.2, minRetriesPerSecond: 10, ttlMs: 10_000 },
          skipTriedHosts: true,
        },
        {
          layer: 'outlier',
          consecutive5xx: 5,
          baseEjectionMs: 30_000,
          maxEjectionPercent: 50,
          maxEjectionMs: 300_000,
        },
      ],
    });
  });

  it('records a ServiceClient’s target on its first call, with the layers it builds for it', async () => {
    setTransport(memoryTransport());
    const records = await recorded(async () => {
      const s = await serve('users', () => text(200, 'ok'));
      const mesh = new ServiceClient({
        endpoints: { users: [s.url] },
        layers: () => [timeout({ timeoutMs: 50 })],
        caller: 'orders',
      });
      await mesh.get('users', '/');
      await mesh.get('users', '/');
      await closeAll();
    });
    expect(records.filter((r) => r.kind === 'client')).toEqual([
      {
        kind: 'client',
        caller: 'orders',
        service: 'users',
        balancer: 'round-robin',
        layers: [{ layer: 'timeout', timeoutMs: 50 }],
      },
    ]);
  });

  it('records and describes nothing while no one listens', async () => {
    setTransport(memoryTransport());
    const layer = timeout({ timeoutMs: 5 }); // built before anyone listens: not described
    const program = await runProgram(async () => {
      await serve(
        'quiet',
        compose(layer)(() => text(200, 'ok')),
      );
      await closeAll();
    });
    expect(program.exitCode).toBe(0);
    const records = await recorded(async () => {
      await serve(
        'later',
        compose(layer)(() => text(200, 'ok')),
      );
      await closeAll();
    });
    expect(records).toEqual([
      {
        kind: 'server',
        name: 'later',
        port: 0,
        routes: null,
        layers: [{ layer: 'custom' }],
        registry: false,
      },
    ]);
  });
});
