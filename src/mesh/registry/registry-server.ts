/**
 * The registry as an HTTP service, with a Consul-shaped API:
 *
 *   PUT  /v1/agent/service/register          body: InstanceSpec        -> { id }
 *   PUT  /v1/agent/check/pass/{id}           TTL heartbeat             -> 200, or 404 if unknown
 *   PUT  /v1/agent/service/deregister/{id}                             -> 200, or 404 if unknown
 *   GET  /v1/health/service/{name}?passing&index=N&wait=MS             -> InstanceInfo[]
 *   GET  /v1/catalog/services                                          -> { name: count }
 *
 * Health queries answer with `X-Consul-Index`; given `index`, they block until the service
 * changes past it or `wait` elapses (default 30 s, capped at 5 min), as Consul's blocking queries
 * do. A 404 on heartbeat tells a client the registry forgot it (it restarted) and must register again.
 * The router's handlers never park a goroutine: serve it inline (`serveInline`, as `startRegistry`
 * does), never with `serve`, whose handlers run as goroutines on the virtual clock.
 */
import { BadOptionError } from '../errors.ts';
import { json } from '../message.ts';
import { Router } from '../router.ts';
import { serveInline, type ServerHandle } from '../server.ts';
import type { Transport } from '../transport/transport.ts';
import type { InstanceSpec } from './instance.ts';
import { Registry, type RegistryOptions } from './registry.ts';

/**
 * The options of `startRegistry`: the registry's, plus where to listen.
 *
 * Go: Consul agent settings (`-http-port`, `-bind`).
 */
export interface RegistryServerOptions extends RegistryOptions {
  port?: number;
  host?: string;
  /** Service name in `listeners()`; default `registry`. */
  name?: string;
  transport?: Transport;
}

/**
 * A running registry service: its URL, the state machine behind it, `close`.
 *
 * Go: a running Consul agent and its HTTP address.
 */
export interface RegistryServer {
  readonly url: string;
  readonly port: number;
  readonly registry: Registry;
  /** Stops the service and the registry. */
  close(): Promise<void>;
}

const MAX_WAIT_MS = 5 * 60_000;

/**
 * The registry's Consul-shaped HTTP API as a router (register, pass, deregister, health with
 * blocking queries, catalog). Go: Consul's agent HTTP API.
 *
 * @example
 * ```ts
 * import { Registry, registryRouter } from 'gomesh/registry';
 *
 * const router = registryRouter(new Registry());
 * ```
 */
export function registryRouter(registry: Registry): Router {
  const r = new Router();
  r.put('/v1/agent/service/register', async (req) => {
    try {
      return json(200, { id: registry.register(await req.json<InstanceSpec>()) });
    } catch (e) {
      if (e instanceof BadOptionError || e instanceof SyntaxError) return json(400, { error: e.message });
      throw e;
    }
  });
  r.put('/v1/agent/check/pass/{id}', (req) =>
    registry.pass(req.param('id'))
      ? json(200, { ok: true })
      : json(404, { error: `unknown instance "${req.param('id')}"` }),
  );
  r.put('/v1/agent/service/deregister/{id}', (req) =>
    registry.deregister(req.param('id'))
      ? json(200, { ok: true })
      : json(404, { error: `unknown instance "${req.param('id')}"` }),
  );
  r.get('/v1/health/service/{name}', async (req) => {
    // The handler answers inline, outside any goroutine (startRegistry serves it with serveInline):
    // it waits on the registry's own timer and change promise, and parks no goroutine — the client
    // goroutine waiting for the answer is parked by its own call (RegistryClient.health), so on the
    // virtual clock the wait timeout and the TTLs keep moving.
    const name = req.param('name');
    const index = Number(req.query.get('index') ?? 0);
    const wait = Math.min(MAX_WAIT_MS, Math.max(0, Number(req.query.get('wait') ?? 30_000) || 0));
    if (Number.isFinite(index) && index > 0) await registry.waitForChange(name, index, wait);
    const result = registry.health(name, req.query.has('passing'));
    return json(200, result.instances, { 'x-consul-index': String(result.index) });
  });
  r.get('/v1/catalog/services', () => json(200, registry.services()));
  return r;
}

/**
 * Starts a registry service (default name `registry`, any free port) on the current transport. Go:
 * running a Consul agent (`consul agent -dev`).
 *
 * @throws `ListenError` when the address is taken (`"registry" cannot listen on 127.0.0.1:8500: …`).
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { RegistryClient, startRegistry } from 'gomesh/registry';
 *
 * main(async () => {
 *   const reg = await startRegistry();
 *   const client = new RegistryClient(reg.url);
 *   await client.registerOnce({ name: 'users', address: '127.0.0.1', port: 8081 });
 *   console.log(await client.services()); // { users: 1 }
 *   await reg.close();
 * });
 * ```
 */
export async function startRegistry(options: RegistryServerOptions = {}): Promise<RegistryServer> {
  const registry = new Registry(options);
  let server: ServerHandle;
  try {
    server = await serveInline(
      options.name ?? 'registry',
      registryRouter(registry),
      {
        port: options.port ?? 0,
        host: options.host ?? '127.0.0.1',
        ...(options.transport ? { transport: options.transport } : {}),
      },
      false,
    );
  } catch (e) {
    registry.close();
    throw e;
  }
  return {
    url: server.url,
    port: server.port,
    registry,
    close: async () => {
      registry.close();
      await server.close();
    },
  };
}
