/**
 * The registry's data model, shared by its server and its clients.
 *
 * Go: `api.HealthPassing` and `api.HealthCritical`.
 */

export type HealthStatus = 'passing' | 'critical';

/**
 * An HTTP health check the registry runs itself (Consul's `http` check): any 2xx is passing.
 *
 * Go: `api.AgentServiceCheck{HTTP, Interval, Timeout}`.
 */
export interface HttpCheck {
  /** URL the registry GETs; any 2xx means passing. */
  http: string;
  /** How often to check; default 10 s. */
  intervalMs?: number;
  /** How long a check may take; default 1 s. */
  timeoutMs?: number;
}

/**
 * What an instance sends when it registers.
 *
 * Go: `api.AgentServiceRegistration`.
 */
export interface InstanceSpec {
  /** Unique instance id; default `<name>-<address>:<port>`. */
  id?: string;
  name: string;
  address: string;
  port: number;
  meta?: Record<string, string>;
  /** The instance must heartbeat within this TTL or it turns critical; omit for no TTL check. */
  ttlMs?: number;
  check?: HttpCheck;
}

/**
 * What the registry answers about an instance.
 *
 * Go: `api.ServiceEntry` (service plus health checks).
 */
export interface InstanceInfo {
  id: string;
  name: string;
  address: string;
  port: number;
  meta: Record<string, string>;
  status: HealthStatus;
  /** Time spent passing since registration (for availability = uptime / total). */
  uptimeMs: number;
  /** Time since registration. */
  totalMs: number;
}

/**
 * The answer to a health query: the service's instances and its modify index (`X-Consul-Index`).
 *
 * Go: `Health().Service`'s `[]*ServiceEntry` with `QueryMeta.LastIndex`.
 */
export interface HealthAnswer {
  index: number;
  instances: InstanceInfo[];
}

/**
 * The id of an instance: its own `id`, else `<name>-<address>:<port>` (Consul's default shape).
 *
 * Go: the `ID` field of `api.AgentServiceRegistration` (defaulted the same way).
 *
 * @example
 * ```ts
 * import { instanceId } from 'gomesh/registry';
 *
 * console.log(instanceId({ name: 'users', address: '127.0.0.1', port: 8081 })); // users-127.0.0.1:8081
 * ```
 */
export function instanceId(spec: InstanceSpec): string {
  return spec.id ?? `${spec.name}-${spec.address}:${spec.port}`;
}

/**
 * Availability of an instance as the seed articles define it: uptime / total.
 *
 * No Go counterpart: uptime / total time, as the lessons define availability.
 *
 * @example
 * ```ts
 * import { availability } from 'gomesh/registry';
 *
 * console.log(availability({ uptimeMs: 990, totalMs: 1000 })); // 0.99
 * ```
 */
export function availability(info: Pick<InstanceInfo, 'uptimeMs' | 'totalMs'>): number {
  return info.totalMs <= 0 ? 1 : info.uptimeMs / info.totalMs;
}
