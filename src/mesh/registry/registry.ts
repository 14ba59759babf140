/**
 * The registry's state machine (Consul's catalog + agent checks, in memory).
 *
 * Instances register with metadata and optionally a TTL check (they must heartbeat within the
 * TTL) and/or an HTTP check the registry runs itself. A missed TTL or a failed HTTP check turns the
 * instance critical; an instance critical for `deregisterCriticalAfterMs` is removed (Consul's
 * `deregister_critical_service_after`). Every change to a service bumps a global index and records
 * it as that service's modify index; `waitForChange` is the blocking query (the HTTP server's
 * long-poll handler awaits it inline, outside any goroutine), and `blockingHealth` is what
 * goroutines call (the registry lesson's watchers): `waitForChange` answers with a promise the
 * runtime does not know, and a goroutine awaiting such a promise counts as in a syscall, which stops
 * the virtual clock its wait timeout needs; `blockingHealth` parks the goroutine as in IO wait
 * instead (io-wait.ts).
 * Invariants: indexes only grow; a waiter is woken exactly once, by a change to its service, by its
 * wait timeout, or by `close`; no timer outlives `close`.
 */
import { runtimeClock, type Clock } from '../clock.ts';
import { BadOptionError, checkNumber } from '../errors.ts';
import { roundTrip } from '../client.ts';
import { ioWait } from '../io-wait.ts';
import type { Transport } from '../transport/transport.ts';
import {
  instanceId,
  type HealthAnswer,
  type HealthStatus,
  type InstanceInfo,
  type InstanceSpec,
} from './instance.ts';

interface Entry {
  spec: InstanceSpec & { id: string };
  meta: Record<string, string>;
  ttlStatus: HealthStatus;
  checkStatus: HealthStatus;
  status: HealthStatus;
  registeredAt: number;
  passingMs: number;
  passingSince: number | undefined;
  cancelTtl: (() => void) | undefined;
  cancelReap: (() => void) | undefined;
  cancelCheck: (() => void) | undefined;
}

/**
 * The options of `Registry`: clock, how long a critical instance is kept, transport for HTTP checks.
 *
 * Go: Consul's agent configuration (`deregister_critical_service_after`).
 */
export interface RegistryOptions {
  clock?: Clock;
  /** Remove an instance after it has been critical this long; default 30 s. */
  deregisterCriticalAfterMs?: number;
  /** Transport for active HTTP checks; default the current transport. */
  transport?: Transport;
}

/**
 * The registry's state machine, in memory: registrations with TTL and HTTP checks, health queries,
 * blocking waits on a service's index. Go: the Consul agent and catalog that `hashicorp/consul/api`
 * talks to (this is the server side; `RegistryClient` is the client).
 *
 * @throws `BadOptionError` for a bad registration: "Expected `name` to be a non-empty string",
 * "Expected `port` to be a finite number between 1 and 65535, got 0".
 *
 * @example
 * ```ts
 * import { Registry } from 'gomesh/registry';
 *
 * const registry = new Registry();
 * const id = registry.register({ name: 'users', address: '127.0.0.1', port: 8081, ttlMs: 10_000 });
 * console.log(id, registry.health('users', true).instances.length); // users-127.0.0.1:8081 1
 * registry.close();
 * ```
 */
export class Registry {
  readonly #clock: Clock;
  readonly #deregisterAfter: number;
  readonly #transport: Transport | undefined;
  readonly #entries = new Map<string, Entry>();
  readonly #serviceIndex = new Map<string, number>();
  readonly #waiters = new Map<string, Set<() => void>>();
  #index = 1;
  #closed = false;

  constructor(options: RegistryOptions = {}) {
    this.#clock = options.clock ?? runtimeClock();
    this.#deregisterAfter = checkNumber(
      'deregisterCriticalAfterMs',
      options.deregisterCriticalAfterMs ?? 30_000,
      0,
    );
    this.#transport = options.transport;
  }

  get index(): number {
    return this.#index;
  }

  /**
   * Registers (or re-registers) an instance; returns its id. Consul: `PUT /v1/agent/service/register`.
   */
  register(spec: InstanceSpec): string {
    if (typeof spec.name !== 'string' || spec.name === '')
      throw new BadOptionError('Expected `name` to be a non-empty string');
    if (typeof spec.address !== 'string' || spec.address === '') {
      throw new BadOptionError(`Expected \`address\` of "${spec.name}" to be a non-empty string`);
    }
    checkNumber('port', spec.port, 1, 65535);
    if (spec.ttlMs !== undefined) checkNumber('ttlMs', spec.ttlMs, 1);
    const id = instanceId(spec);
    const old = this.#entries.get(id);
    if (old) this.#stopTimers(old);
    const now = this.#clock.now();
    const entry: Entry = {
      spec: { ...spec, id },
      meta: { ...spec.meta },
      ttlStatus: 'passing',
      checkStatus: 'passing',
      status: 'passing',
      registeredAt: old?.registeredAt ?? now,
      passingMs: old ? this.#passing(old, now) : 0,
      passingSince: now,
      cancelTtl: undefined,
      cancelReap: undefined,
      cancelCheck: undefined,
    };
    this.#entries.set(id, entry);
    this.#armTtl(entry);
    if (spec.check) this.#scheduleCheck(entry, 0);
    this.#changed(spec.name);
    return id;
  }

  /** A TTL heartbeat (Consul's `check/pass`). Returns false for an unknown id. */
  pass(id: string): boolean {
    const entry = this.#entries.get(id);
    if (!entry) return false;
    entry.ttlStatus = 'passing';
    this.#armTtl(entry);
    this.#refresh(entry);
    return true;
  }

  /** Removes an instance; whether it existed. Consul: `PUT /v1/agent/service/deregister/{id}`. */
  deregister(id: string): boolean {
    const entry = this.#entries.get(id);
    if (!entry) return false;
    this.#stopTimers(entry);
    this.#entries.delete(id);
    this.#changed(entry.spec.name);
    return true;
  }

  /**
   * The instances of `name` (only passing ones with `passingOnly`) and the service's index. Consul:
   * `GET /v1/health/service/{name}`.
   */
  health(name: string, passingOnly = false): HealthAnswer {
    const now = this.#clock.now();
    const instances: InstanceInfo[] = [];
    for (const e of this.#entries.values()) {
      if (e.spec.name !== name || (passingOnly && e.status !== 'passing')) continue;
      instances.push({
        id: e.spec.id,
        name,
        address: e.spec.address,
        port: e.spec.port,
        meta: { ...e.meta },
        status: e.status,
        uptimeMs: this.#passing(e, now),
        totalMs: now - e.registeredAt,
      });
    }
    instances.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { index: this.#serviceIndex.get(name) ?? 1, instances };
  }

  /** Every service with its number of instances. Consul: `GET /v1/catalog/services`. */
  services(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of this.#entries.values()) out[e.spec.name] = (out[e.spec.name] ?? 0) + 1;
    return out;
  }

  /**
   * Blocking query: resolves when `name`'s index moves past `index`, or after `waitMs`, or on close.
   * Returns immediately when the index already moved (the caller missed a change).
   */
  waitForChange(name: string, index: number, waitMs: number): Promise<void> {
    if (this.#closed || (this.#serviceIndex.get(name) ?? 1) > index) return Promise.resolve();
    return new Promise((resolve) => {
      let set = this.#waiters.get(name);
      if (!set) this.#waiters.set(name, (set = new Set()));
      const wake = () => {
        cancel();
        set.delete(wake);
        resolve();
      };
      const cancel = this.#clock.setTimer(wake, waitMs);
      set.add(wake);
    });
  }

  /**
   * A blocking health query for a goroutine (Consul's `?index=` read, etcd's watch): waits until
   * `name` changes past `index` or `waitMs` (default 30 s) passes, then answers `health(name,
   * passing)` with the service's index. With `index` 0 (or omitted) it answers at once.
   */
  async blockingHealth(
    name: string,
    options: { index?: number; waitMs?: number; passing?: boolean } = {},
  ): Promise<HealthAnswer> {
    const { index = 0, waitMs = 30_000, passing = false } = options;
    if (index > 0) await ioWait(this.waitForChange(name, index, waitMs));
    return this.health(name, passing);
  }

  /** Stops every timer and wakes every waiter; the registry answers nothing after. */
  close(): void {
    this.#closed = true;
    for (const e of this.#entries.values()) this.#stopTimers(e);
    for (const set of this.#waiters.values()) for (const wake of [...set]) wake();
    this.#waiters.clear();
  }

  #passing(e: Entry, now: number): number {
    return e.passingMs + (e.passingSince === undefined ? 0 : now - e.passingSince);
  }

  #changed(name: string): void {
    this.#index++;
    this.#serviceIndex.set(name, this.#index);
    const set = this.#waiters.get(name);
    if (set) for (const wake of [...set]) wake();
  }

  #stopTimers(e: Entry): void {
    e.cancelTtl?.();
    e.cancelReap?.();
    e.cancelCheck?.();
    e.cancelTtl = e.cancelReap = e.cancelCheck = undefined;
  }

  #armTtl(e: Entry): void {
    e.cancelTtl?.();
    e.cancelTtl = undefined;
    const ttl = e.spec.ttlMs;
    if (ttl === undefined || this.#closed) return;
    e.cancelTtl = this.#clock.setTimer(() => {
      e.cancelTtl = undefined;
      e.ttlStatus = 'critical';
      this.#refresh(e);
    }, ttl);
  }

  /** Recomputes the overall status from the checks; on a change bumps the index and (re)arms the reaper. */
  #refresh(e: Entry): void {
    const status: HealthStatus =
      e.ttlStatus === 'passing' && e.checkStatus === 'passing' ? 'passing' : 'critical';
    if (status === e.status) return;
    const now = this.#clock.now();
    if (status === 'critical') {
      e.passingMs = this.#passing(e, now);
      e.passingSince = undefined;
      e.cancelReap = this.#clock.setTimer(() => {
        e.cancelReap = undefined;
        if (this.#entries.get(e.spec.id) === e) this.deregister(e.spec.id);
      }, this.#deregisterAfter);
    } else {
      e.passingSince = now;
      e.cancelReap?.();
      e.cancelReap = undefined;
    }
    e.status = status;
    this.#changed(e.spec.name);
  }

  #scheduleCheck(e: Entry, delay: number): void {
    const check = e.spec.check;
    if (!check || this.#closed) return;
    e.cancelCheck = this.#clock.setTimer(() => {
      e.cancelCheck = undefined;
      void this.#runCheck(e);
    }, delay);
  }

  async #runCheck(e: Entry): Promise<void> {
    const check = e.spec.check;
    if (!check) return;
    let ok: boolean;
    try {
      const res = await roundTrip(check.http, {
        timeoutMs: check.timeoutMs ?? 1000,
        ...(this.#transport ? { transport: this.#transport } : {}),
      });
      ok = res.status >= 200 && res.status < 300;
    } catch {
      ok = false;
    }
    if (this.#entries.get(e.spec.id) !== e || this.#closed) return;
    e.checkStatus = ok ? 'passing' : 'critical';
    this.#refresh(e);
    this.#scheduleCheck(e, check.intervalMs ?? 10_000);
  }
}
