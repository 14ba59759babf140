/**
 * The sidecar over the network, on every transport: forwarding and metrics, identity and
 * authorization (including a forged identity), rate limiting, deadline propagation, the circuit
 * breaker, errors naming the service, trace propagation, and the discovery-aware client.
 */
import { describe, expect, it } from 'vitest';
import {
  Router,
  ServiceClient,
  get,
  json,
  manualClock,
  request,
  serve,
  text,
  type MeshResponse,
} from 'gomesh';
import { Catalog, RegistryClient, startRegistry } from 'gomesh/registry';
import { CALLER_HEADER, DEADLINE_HEADER, IDENTITY_HEADER, createMesh, startSidecar } from 'gomesh/sidecar';
import { TraceCollector, propagate } from 'gomesh/tracing';
import { TRANSPORTS, startReplica, until, onFreshTransport } from './helpers.ts';

const body = async (res: MeshResponse) => ({
  status: res.status,
  code: res.headers['x-mesh-error'],
  json: await res.json<Record<string, unknown>>(),
});

describe.each(TRANSPORTS)('sidecar on $name', (tc) => {
  onFreshTransport(tc);

  it('balances requests over the replicas and exposes Prometheus metrics', async () => {
    const replicas = await Promise.all([startReplica('users'), startReplica('users')]);
    const sc = await startSidecar({
      service: 'users',
      upstream: { endpoints: replicas.map((r) => r.server.url) },
    });
    for (let i = 0; i < 6; i++) expect((await get(`${sc.url}/users/${i}`)).status).toBe(200);
    expect(replicas.map((r) => r.hits)).toEqual([3, 3]);
    const metrics = await (await get(`${sc.url}/metrics`)).text();
    expect(metrics).toContain('# TYPE mesh_response_total counter');
    expect(metrics).toContain('mesh_response_total{service="users",status_class="2xx"} 6');
    expect(metrics).toContain('mesh_response_latency_ms_bucket{service="users",le="+Inf"} 6');
    expect(metrics).toMatch(/mesh_response_latency_ms_count\{service="users"\} 6/);
    const summary = sc.metrics.summary();
    expect(summary.successRate).toBe(1);
    expect(summary.p99Ms).toBeGreaterThan(0);
  });

  describe('identity and authorization', () => {
    const mesh = createMesh({ name: 'labs' });
    const setup = async () => {
      const app = await serve('users-app', (req) =>
        json(200, {
          caller: req.header(CALLER_HEADER) ?? null,
          sawToken: req.header(IDENTITY_HEADER) !== undefined,
        }),
      );
      const users = await startSidecar({
        service: 'users',
        upstream: { endpoints: [app.url] },
        mesh,
        policy: {
          deny: [{ from: ['billing'] }],
          allow: [{ from: ['orders', 'billing'], methods: ['GET'], paths: ['/users/*'] }],
        },
      });
      const callerSidecar = (service: string) =>
        startSidecar({
          service,
          upstream: { service: 'users', endpoints: [users.url] },
          mesh,
          signIdentity: true,
        });
      return { users, orders: await callerSidecar('orders'), billing: await callerSidecar('billing') };
    };

    it('allows what the allow list names and hides the token from the application', async () => {
      const { orders } = await setup();
      const res = await get(`${orders.url}/users/1`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ caller: 'orders', sawToken: false });
    });

    it('denies by deny rule first, then by a missing allow rule', async () => {
      const { orders, billing, users } = await setup();
      const denied = await body(await get(`${billing.url}/users/1`));
      expect(denied).toMatchObject({ status: 403, code: 'DENIED' });
      expect(denied.json.error).toBe(
        'denied by policy of "users": "billing" may not GET /users/1 (deny rule #1)',
      );
      const post = await body(await request(`${orders.url}/users/1`, { method: 'POST' }));
      expect(post.json.error).toBe(
        'denied by policy of "users": "orders" may not POST /users/1 (no allow rule matched)',
      );
      expect(users.metrics.denied).toBe(2);
    });

    it('rejects a forged identity header and ignores a caller header set by the caller', async () => {
      const { users } = await setup();
      const forged = `v1.orders.${Date.now() + 60_000}.${'ab'.repeat(32)}`;
      const res = await body(await get(`${users.url}/users/1`, { headers: { [IDENTITY_HEADER]: forged } }));
      expect(res).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      expect(res.json.error).toBe(
        `"users" rejected the caller's identity: identity "orders" is not signed by mesh "labs"`,
      );
      const spoofed = await body(
        await get(`${users.url}/users/1`, { headers: { [CALLER_HEADER]: 'orders' } }),
      );
      expect(spoofed.status).toBe(403);
      expect(spoofed.json.error).toContain('anonymous caller may not GET /users/1');
    });

    it('rejects a genuine token of another mesh', async () => {
      const { users } = await setup();
      const other = await createMesh({ name: 'labs' }).token('orders');
      expect((await get(`${users.url}/users/1`, { headers: { [IDENTITY_HEADER]: other } })).status).toBe(401);
    });
  });

  it('answers 429 with Retry-After beyond the rate', async () => {
    const clock = manualClock();
    const app = await startReplica('app');
    const sc = await startSidecar({
      service: 'app',
      upstream: { endpoints: [app.server.url] },
      rateLimit: { ratePerSec: 2, burst: 3 },
      clock,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await get(sc.url + '/')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await get(sc.url + '/');
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.headers['x-mesh-error']).toBe('RATE_LIMITED');
    clock.advance(500);
    expect((await get(sc.url + '/')).status).toBe(200);
    expect(sc.metrics.rateLimited).toBe(3);
  });

  it('propagates the remaining deadline downstream and answers 504 when it passes', async () => {
    const clock = manualClock();
    const seen: string[] = [];
    let hang = false;
    const app = await serve('slow', (req) => {
      seen.push(req.header(DEADLINE_HEADER) ?? '');
      return hang ? new Promise<MeshResponse>(() => {}) : text(200, 'ok');
    });
    const sc = await startSidecar({
      service: 'slow',
      upstream: { endpoints: [app.url] },
      timeoutMs: 800,
      clock,
    });
    await get(sc.url + '/', { headers: { [DEADLINE_HEADER]: '300' } });
    expect(seen).toEqual(['300']);
    hang = true;
    const pending = get(sc.url + '/');
    await until(() => seen.length === 2, 'the request to reach the app');
    clock.advance(800);
    const res = await body(await pending);
    expect(res).toMatchObject({ status: 504, code: 'DEADLINE_EXCEEDED' });
    expect(res.json.error).toBe('deadline exceeded calling "slow" (timeout 800 ms)');
  });

  it('opens the circuit after consecutive failures and fails fast without calling upstream', async () => {
    const bad = await startReplica('users', { status: () => 500 });
    const sc = await startSidecar({
      service: 'web',
      upstream: { service: 'users', endpoints: [bad.server.url] },
      circuitBreaker: { failureThreshold: 3, cooldownMs: 60_000 },
    });
    for (let i = 0; i < 3; i++) expect((await get(sc.url + '/')).status).toBe(500);
    const open = await body(await get(sc.url + '/'));
    expect(open).toMatchObject({ status: 503, code: 'CIRCUIT_OPEN' });
    expect(String(open.json.error)).toMatch(/^circuit open for "users": failing fast for another \d+ ms$/);
    expect(bad.hits).toBe(3);
  });

  it('answers 503 naming the service when no instance is healthy', async () => {
    const reg = await startRegistry();
    const catalog = new Catalog(new RegistryClient(reg.url));
    try {
      const sc = await startSidecar({ service: 'web', upstream: { service: 'users', endpoints: catalog } });
      const res = await body(await get(sc.url + '/users/1'));
      expect(res).toMatchObject({
        status: 503,
        code: 'NO_HEALTHY_INSTANCE',
        json: { error: 'no healthy instance of "users"' },
      });
    } finally {
      catalog.close();
      await reg.close();
    }
  });

  it('continues a W3C trace across services and prints it as a tree', async () => {
    const collector = new TraceCollector();
    const users = await startReplica('users');
    const usersSidecar = await startSidecar({
      service: 'users',
      upstream: { endpoints: [users.server.url] },
      tracing: collector,
    });
    const frontApp = new Router();
    frontApp.get('/page', async (req) => {
      const res = await get(`${usersSidecar.url}/users/1`, { headers: propagate(req) });
      return json(200, { users: res.status });
    });
    const front = await serve('front-app', frontApp);
    const frontSidecar = await startSidecar({
      service: 'front',
      upstream: { endpoints: [front.url] },
      tracing: collector,
    });
    const res = await get(`${frontSidecar.url}/page`, {
      headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
    });
    expect(res.status).toBe(200);
    const tree = collector.tree('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(tree.split('\n').map((l) => l.replace(/ [\d.]+ ms/, ''))).toEqual([
      'trace 4bf92f3577b34da6a3ce929d0e0e4736',
      '└─ front GET /page 200',
      '   └─ users GET /users/1 200',
    ]);
  });

  it('calls services by name through the registry with the discovery-aware client', async () => {
    const reg = await startRegistry();
    const replicas = await Promise.all([1, 2].map(() => startReplica('users')));
    const client = new ServiceClient({ registry: reg.url });
    try {
      const regClient = new RegistryClient(reg.url);
      for (const r of replicas)
        await regClient.register({ name: 'users', address: '127.0.0.1', port: r.server.port, ttlMs: 60_000 });
      const ports = new Set<unknown>();
      for (let i = 0; i < 4; i++)
        ports.add((await (await client.get('users', '/users/1')).json<{ replica: number }>()).replica);
      expect(ports).toEqual(new Set(replicas.map((r) => r.server.port)));
      await expect(client.get('orders', '/')).rejects.toThrow('no healthy instance of "orders"');
    } finally {
      client.close();
      await reg.close();
    }
  });
});
