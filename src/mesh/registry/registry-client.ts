/**
 * The client side of the registry: register with heartbeats, deregister, query and watch.
 *
 * A registration heartbeats every TTL/3 (so two lost beats in a row still keep it passing). When a
 * heartbeat answers 404 the registry has forgotten the instance (it restarted with empty state),
 * so the client registers again, the way Consul agents re-sync their local services. Unreachable
 * registries are retried at the next beat; a registration never gives up while it is alive.
 * `registerOnce` is the same registration without any of that: a program that keeps its own
 * registration alive calls `heartbeat` and `deregister` itself (the registry lesson's lab).
 * `watch` follows the service's index with blocking queries and backs off (full jitter) while the
 * registry is unreachable.
 *
 * Who waits how: the mesh's own calls — a registration's beats, `watch` and the `Catalog` — run
 * from timers and background loops outside any goroutine and go out with `roundTrip`; the methods
 * a program calls (`registerOnce`, `heartbeat`, `deregister`, `health`, `services`) park the
 * calling goroutine as in IO wait (io-wait.ts), so on the virtual clock time keeps moving while
 * it waits — for a long poll's change or wait timeout, or for a network that takes time.
 *
 * Traffic: a client given a `caller` reports every request it sends as a traffic record from that
 * caller to `registry` (traffic.ts), as a sidecar's cluster does, and marks it so that a server
 * does not report it again; without one its requests are the mesh's control plane and stay out of
 * the records.
 */
import { delay, runtimeClock, type Clock } from '../clock.ts';
import { MeshError, RegistryError } from '../errors.ts';
import { roundTrip } from '../client.ts';
import { ioWait } from '../io-wait.ts';
import type { HeaderMap, MeshResponse } from '../message.ts';
import { runtimeRandom, type Random } from '../random.ts';
import { FROM_HEADER, reportTraffic, trafficListening } from '../traffic.ts';
import { parseUrl, type Transport } from '../transport/transport.ts';
import { instanceId, type HealthAnswer, type InstanceInfo, type InstanceSpec } from './instance.ts';

/**
 * The options of `RegistryClient`: clock, random, transport, default TTL and watch wait, caller name.
 *
 * Go: `api.Config` of `hashicorp/consul/api`.
 */
export interface RegistryClientOptions {
  clock?: Clock;
  random?: Random;
  transport?: Transport;
  /** TTL used when a registration names none; default 10 s. */
  ttlMs?: number;
  /** Long-poll wait of watches; default 30 s. */
  watchWaitMs?: number;
  /**
   * Who calls, as the traffic records name it (an instance's or a watcher's name): set, every
   * request to the registry is reported from it; unset, none is.
   */
  caller?: string;
}

/** `host:port` of an http:// URL (the URL itself when it is not one: its requests fail later). */
function authority(url: string): string {
  try {
    const { host, port } = parseUrl(url);
    return `${host}:${port}`;
  } catch {
    return url;
  }
}

/**
 * The options of a health query: passing only, and a blocking query's index and wait.
 *
 * Go: `api.QueryOptions` (`WaitIndex`, `WaitTime`) and the `passingOnly` argument of `Health().Service`.
 */
export interface HealthOptions {
  /** Only the passing instances (`?passing`). */
  passing?: boolean;
  /** Block until the service's index moves past this one (`?index=`), or `waitMs` passes. */
  index?: number;
  /** The blocking query's wait; default the client's `watchWaitMs`. */
  waitMs?: number;
  signal?: AbortSignal;
}

/**
 * A live registration kept passing by heartbeats (`register`); `deregister` ends it.
 *
 * Go: an `AgentServiceRegistration` kept alive by `Agent().UpdateTTL` calls.
 */
export interface Registration {
  readonly id: string;
  /** Number of times the instance had to register again after the registry forgot it. */
  readonly reRegistrations: number;
  /** Stops the heartbeats and deregisters the instance. */
  deregister(): Promise<void>;
}

/**
 * The client of a registry service: register with heartbeats (re-registering when the registry
 * forgot), deregister, health queries (blocking ones too), watch. Go: `hashicorp/consul/api`'s
 * `Agent().ServiceRegister`, `Health().Service` with `WaitIndex`.
 *
 * @throws `RegistryError` when the registry refuses or fails a call (`registry http://127.0.0.1:8500
 * refused "users": …`).
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { RegistryClient, startRegistry } from 'gomesh/registry';
 *
 * main(async () => {
 *   const reg = await startRegistry();
 *   const client = new RegistryClient(reg.url);
 *   const r = await client.register({ name: 'users', address: '127.0.0.1', port: 8081, ttlMs: 3000 });
 *   const answer = await client.health('users', { passing: true });
 *   console.log(answer.instances.map((i) => i.id)); // [ 'users-127.0.0.1:8081' ]
 *   await r.deregister();
 *   await reg.close();
 * });
 * ```
 */
export class RegistryClient {
  readonly url: string;
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #transport: Transport | undefined;
  readonly #ttlMs: number;
  readonly #watchWaitMs: number;
  readonly #caller: string | undefined;
  /** The registry's `host:port`, the instance the traffic records name. */
  readonly #instance: string;

  /**
   * `registry` itself when it is a client, else a client of the base URL `registry` that uses the
   * given transport, clock and random source (the ones of the server or client that owns it).
   */
  static from(
    registry: string | RegistryClient,
    options: Pick<RegistryClientOptions, 'transport' | 'clock' | 'random'> = {},
  ): RegistryClient {
    if (typeof registry !== 'string') return registry;
    return new RegistryClient(registry, {
      ...(options.transport ? { transport: options.transport } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
  }

  constructor(url: string, options: RegistryClientOptions = {}) {
    this.url = url.replace(/\/+$/, '');
    this.#clock = options.clock ?? runtimeClock();
    this.#random = options.random ?? runtimeRandom();
    this.#transport = options.transport;
    this.#ttlMs = options.ttlMs ?? 10_000;
    this.#watchWaitMs = options.watchWaitMs ?? 30_000;
    this.#caller = options.caller;
    this.#instance = authority(this.url);
  }

  async #send(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<MeshResponse> {
    const caller = this.#caller;
    const observed = caller !== undefined && trafficListening();
    const headers: HeaderMap = observed ? { [FROM_HEADER]: caller } : {};
    const start = this.#clock.now();
    const report = (status: number, code?: string) => {
      if (!observed) return;
      reportTraffic({
        kind: 'request',
        from: caller,
        to: 'registry',
        instance: this.#instance,
        start,
        durationMs: this.#clock.now() - start,
        status,
        ...(code === undefined ? {} : { code }),
        attempt: 0,
      });
    };
    try {
      const res = await roundTrip(this.url + path, {
        method,
        headers,
        ...(body !== undefined ? { json: body } : {}),
        ...(signal ? { signal } : {}),
        ...(this.#transport ? { transport: this.#transport } : {}),
      });
      report(res.status);
      return res;
    } catch (e) {
      // No answer: a connection that failed is the mesh's 503, a call given up on counts as sent.
      if (e instanceof MeshError) report(e.status, e.code);
      else report(0, 'CANCELED');
      throw e;
    }
  }

  async #registerOnce(spec: InstanceSpec): Promise<string> {
    const res = await this.#send('PUT', '/v1/agent/service/register', spec);
    if (res.status !== 200)
      throw new RegistryError(`registry ${this.url} refused "${spec.name}": ${await res.text()}`);
    return (await res.json<{ id: string }>()).id;
  }

  /** Registers and keeps the TTL alive until `deregister()`. */
  async register(instance: InstanceSpec): Promise<Registration> {
    const spec: InstanceSpec = {
      ...instance,
      id: instanceId(instance),
      ttlMs: instance.ttlMs ?? this.#ttlMs,
    };
    const id = await this.#registerOnce(spec);
    const interval = Math.max(1, (spec.ttlMs as number) / 3);
    let stopped = false;
    let cancel: (() => void) | undefined;
    let reRegistrations = 0;
    const beat = async () => {
      try {
        if (!(await this.#heartbeat(id)) && !stopped) {
          await this.#registerOnce(spec);
          reRegistrations++;
        }
      } catch {
        // Registry unreachable: try again at the next beat.
      }
      if (!stopped) cancel = this.#clock.setTimer(() => void beat(), interval);
    };
    cancel = this.#clock.setTimer(() => void beat(), interval);
    return {
      id,
      get reRegistrations() {
        return reRegistrations;
      },
      deregister: async () => {
        stopped = true;
        cancel?.();
        try {
          await this.#deregister(id);
        } catch {
          // The registry is gone; its TTL will reap us if it comes back with our state.
        }
      },
    };
  }

  /**
   * Registers `instance` once and returns its id, with no heartbeats: a registration with a
   * `ttlMs` stays passing only while `heartbeat(id)` is called within every TTL, and one without
   * has no TTL check at all (the registry keeps it until `deregister(id)`). Throws a
   * `RegistryError` when the registry refuses it.
   */
  registerOnce(instance: InstanceSpec): Promise<string> {
    return ioWait(this.#registerOnce({ ...instance, id: instanceId(instance) }));
  }

  /** Removes instance `id`: true when the registry knew it. */
  deregister(id: string): Promise<boolean> {
    return ioWait(this.#deregister(id));
  }

  async #deregister(id: string): Promise<boolean> {
    const res = await this.#send('PUT', `/v1/agent/service/deregister/${encodeURIComponent(id)}`);
    return res.status === 200;
  }

  /**
   * Passes the TTL check of instance `id`: true when the registry took the beat, false when it does
   * not know the instance (it restarted with empty state: register again). Throws a `RegistryError`
   * on any other answer.
   */
  heartbeat(id: string): Promise<boolean> {
    return ioWait(this.#heartbeat(id));
  }

  async #heartbeat(id: string): Promise<boolean> {
    const res = await this.#send('PUT', `/v1/agent/check/pass/${encodeURIComponent(id)}`);
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw new RegistryError(`registry ${this.url} failed a heartbeat of "${id}": ${res.status}`);
  }

  /** Instances of `name`; with `index`, a blocking query that waits for a change past it. */
  health(name: string, options: HealthOptions = {}): Promise<HealthAnswer> {
    return ioWait(this.#health(name, options));
  }

  async #health(name: string, options: HealthOptions): Promise<HealthAnswer> {
    const q: string[] = [];
    if (options.passing) q.push('passing');
    if (options.index !== undefined)
      q.push(`index=${options.index}`, `wait=${options.waitMs ?? this.#watchWaitMs}`);
    const res = await this.#send(
      'GET',
      `/v1/health/service/${encodeURIComponent(name)}${q.length ? '?' + q.join('&') : ''}`,
      undefined,
      options.signal,
    );
    if (res.status !== 200)
      throw new RegistryError(`registry ${this.url} failed a health query for "${name}": ${res.status}`);
    return { index: Number(res.headers['x-consul-index'] ?? 0), instances: await res.json<InstanceInfo[]>() };
  }

  /** The registered services, each with its number of instances. */
  services(): Promise<Record<string, number>> {
    return ioWait(
      this.#send('GET', '/v1/catalog/services').then((res) => res.json<Record<string, number>>()),
    );
  }

  /**
   * Follows `name` with blocking queries, yielding the passing instances after every change
   * (the first answer immediately). Ends when `signal` aborts.
   */
  async *watch(name: string, signal: AbortSignal): AsyncGenerator<HealthAnswer> {
    let index = 0;
    let failures = 0;
    while (!signal.aborted) {
      try {
        const answer = await this.#health(name, { passing: true, ...(index > 0 ? { index } : {}), signal });
        failures = 0;
        // An index that goes backwards means the registry restarted: start over (Consul's rule).
        if (answer.index < index) index = 0;
        if (answer.index !== index) {
          index = answer.index;
          yield answer;
        }
      } catch {
        if (signal.aborted) return;
        failures++;
        const cap = Math.min(5000, 50 * 2 ** Math.min(failures, 10));
        try {
          await delay(this.#clock, this.#random() * cap, signal);
        } catch {
          return;
        }
      }
    }
  }
}
