/**
 * A discovery-aware client: call a service by name; the registry says where its instances are,
 * a balancer picks one (go-kit's `sd` + `lb`, Consul's service discovery from a client library).
 *
 * Each target service gets its own balancer and its own layers (built by `layers(service)`), so
 * breaker or ejection state of one dependency never leaks into another. Invariant: a
 * `NoHealthyInstanceError` naming the service is thrown when the registry knows no passing instance;
 * a goroutine waiting on a call parks in the scheduler (io-wait.ts).
 */
import { compose, type Handler, type Layer } from './compose.ts';
import { ioWait } from './io-wait.ts';
import type { Clock } from './clock.ts';
import { MeshRequest, outgoingMessage, type MeshResponse, type OutgoingBody } from './message.ts';
import type { Random } from './random.ts';
import { createBalancer, type BalancerKind } from './balancer/index.ts';
import type { Balancer } from './balancer/balancer.ts';
import { Catalog } from './registry/catalog.ts';
import { RegistryClient } from './registry/registry-client.ts';
import { cluster, type Discovery } from './sidecar/cluster.ts';
import type { Transport } from './transport/transport.ts';

/**
 * How a `ServiceClient` finds instances (registry or static endpoints), balances and layers calls.
 *
 * Go: the options of `grpc.NewClient` (resolver, balancer, interceptors).
 */
export interface ServiceClientOptions {
  /** Registry base URL, client or catalog; or give static `endpoints`. */
  registry?: string | RegistryClient | Catalog;
  /** Static endpoints per service, e.g. `{ users: ['http://127.0.0.1:8081'] }`. */
  endpoints?: Record<string, readonly string[]>;
  /** Default `round-robin`. */
  balancer?: BalancerKind | (() => Balancer);
  /** Layers for calls to `service` (retry, timeout, ...); default none. */
  layers?: (service: string) => Layer[];
  transport?: Transport;
  clock?: Clock;
  random?: Random;
  /** The calling service's name in the traffic records (traffic.ts); default `''`, the program. */
  caller?: string;
}

/**
 * The options of one `ServiceClient` call: method, headers, body, signal.
 *
 * Go: the request fields of `http.NewRequestWithContext`.
 */
export interface CallOptions extends OutgoingBody {
  method?: string;
  signal?: AbortSignal;
}

/**
 * Calls services by name: discovery (a registry or static endpoints), a load balancer per service,
 * and optional layers (retry, timeout, …), client-side, like gRPC-Go's name resolver and balancer
 * (or a Go `http.Client` behind a Consul lookup). Unreachable instances answer 503 with an
 * `x-mesh-error` code, as a sidecar would.
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { ServiceClient, json, serve } from 'gomesh';
 *
 * main(async () => {
 *   const users = await serve('users', () => json(200, { name: 'Ada' }));
 *   const client = new ServiceClient({ endpoints: { users: [users.url] } });
 *   const res = await client.get('users', '/users/1');
 *   console.log(await res.json()); // { name: 'Ada' }
 *   client.close();
 *   await users.close();
 * });
 * ```
 */
export class ServiceClient {
  readonly #options: ServiceClientOptions;
  readonly #catalog: Catalog | undefined;
  readonly #ownsCatalog: boolean;
  readonly #handlers = new Map<string, Handler>();

  constructor(options: ServiceClientOptions) {
    this.#options = options;
    const r = options.registry;
    this.#catalog =
      r instanceof Catalog ? r : r === undefined ? undefined : new Catalog(RegistryClient.from(r, options));
    this.#ownsCatalog = r !== undefined && !(r instanceof Catalog);
  }

  #handler(service: string): Handler {
    let h = this.#handlers.get(service);
    if (h) return h;
    const o = this.#options;
    const discovery: Discovery = o.endpoints?.[service] ?? this.#catalog ?? [];
    const balancer =
      typeof o.balancer === 'function'
        ? o.balancer()
        : createBalancer(o.balancer ?? 'round-robin', {
            ...(o.random ? { random: o.random } : {}),
            ...(o.clock ? { clock: o.clock } : {}),
          });
    h = compose(...(o.layers?.(service) ?? []))(
      cluster({
        service,
        endpoints: discovery,
        balancer,
        ...(o.transport ? { transport: o.transport } : {}),
        ...(o.clock ? { clock: o.clock } : {}),
        ...(o.caller !== undefined ? { caller: o.caller } : {}),
      }),
    );
    this.#handlers.set(service, h);
    return h;
  }

  /** Calls `path` on an instance of `service`. */
  async request(service: string, path: string, init: CallOptions = {}): Promise<MeshResponse> {
    const { headers, body } = outgoingMessage(init);
    const req = new MeshRequest({
      method: init.method ?? 'GET',
      url: path,
      headers,
      body,
      signal: init.signal,
    });
    return ioWait(Promise.resolve(this.#handler(service)(req)));
  }

  /** `request` with method `GET`. */
  get(service: string, path: string, init: Omit<CallOptions, 'method'> = {}): Promise<MeshResponse> {
    return this.request(service, path, { ...init, method: 'GET' });
  }

  /** Stops the registry watches this client started. */
  close(): void {
    if (this.#ownsCatalog) this.#catalog?.close();
  }
}
