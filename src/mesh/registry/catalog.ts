/**
 * A client-side cache of the registry that follows its watches (Consul's `health.service` watch,
 * Envoy's EDS). The first lookup of a service waits for one answer and starts a watch; later
 * lookups answer from the cache at no network cost. Invariants: the cache only ever holds passing
 * instances; while the registry is unreachable the last known list is kept (stale beats empty, as
 * Consul's `stale` reads and Envoy's EDS do); `close` aborts every watch.
 */
import { endpoint, type Endpoint } from '../balancer/balancer.ts';
import type { RegistryClient } from './registry-client.ts';
import type { InstanceInfo } from './instance.ts';

interface Entry {
  endpoints: readonly Endpoint[];
  index: number;
  ready: Promise<void>;
}

function toEndpoints(instances: InstanceInfo[]): Endpoint[] {
  return instances.map((i) => endpoint(`http://${i.address}:${i.port}`, { ...i.meta, instance: i.id }));
}

/**
 * A client-side cache of the registry that follows blocking-query watches: the first lookup of a
 * service waits for an answer, later ones answer from the cache; stale beats empty while the registry
 * is unreachable. Go: a Consul `watch` of `health.service` (Envoy's EDS).
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { Catalog, RegistryClient, startRegistry } from 'gomesh/registry';
 *
 * main(async () => {
 *   const reg = await startRegistry();
 *   const client = new RegistryClient(reg.url);
 *   await client.registerOnce({ name: 'users', address: '127.0.0.1', port: 8081 });
 *   const catalog = new Catalog(client);
 *   console.log((await catalog.endpoints('users')).map((e) => e.url)); // [ 'http://127.0.0.1:8081' ]
 *   catalog.close();
 *   await reg.close();
 * });
 * ```
 */
export class Catalog {
  readonly client: RegistryClient;
  readonly #entries = new Map<string, Entry>();
  readonly #abort = new AbortController();

  constructor(client: RegistryClient) {
    this.client = client;
  }

  /** Passing endpoints of `service` (waits for the first answer on first use). */
  async endpoints(service: string): Promise<readonly Endpoint[]> {
    const entry = this.#entry(service);
    await entry.ready;
    return entry.endpoints;
  }

  /** The cached list, or undefined before the first answer arrived. */
  peek(service: string): readonly Endpoint[] | undefined {
    const e = this.#entries.get(service);
    return e && e.index > 0 ? e.endpoints : undefined;
  }

  /** Aborts every watch; the cache stops following the registry. */
  close(): void {
    this.#abort.abort(new Error('catalog closed'));
  }

  #entry(service: string): Entry {
    let entry = this.#entries.get(service);
    if (entry) return entry;
    let markReady!: () => void;
    const created: Entry = {
      endpoints: [],
      index: 0,
      ready: new Promise<void>((r) => (markReady = r)),
    };
    this.#entries.set(service, (entry = created));
    void (async () => {
      try {
        for await (const answer of this.client.watch(service, this.#abort.signal)) {
          created.endpoints = toEndpoints(answer.instances);
          created.index = answer.index;
          markReady();
        }
      } finally {
        markReady();
      }
    })();
    return entry;
  }
}
