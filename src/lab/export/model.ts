/**
 * From gomesh's configuration records (gomesh's `onMeshConfig`, sent by the lab host as
 * `mesh-config` lines) to the plan the generators read: each service with its replicas, port,
 * routes and health endpoint, and each policy a caller applies to a destination.
 *
 * Invariants: the plan is a pure function of the records (same records, same plan, whatever order
 * replicas started in); a policy seen twice (two replicas behind identical sidecars) is one policy;
 * nothing is guessed: a service without a health route gets a TCP probe and says so, a caller that
 * is not a service of the lab is named as such, and a layer the mesh did not build (`custom`) is
 * listed as not exported.
 */
import type { LayerSpec, MeshConfigRecord, RouteSpec } from 'gomesh';

export interface ServicePlan {
  readonly name: string;
  readonly replicas: number;
  /** The container's port: the one the lab asked for, or 8080 when it took any free port. */
  readonly port: number;
  /** True when the lab asked for no port (`:0`), so 8080 was chosen here. */
  readonly portChosen: boolean;
  readonly routes: readonly RouteSpec[] | null;
  /** The GET route the probes call, or null: then the probes open a TCP connection. */
  readonly health: string | null;
  /** The service serves its own Prometheus metrics (`GET /metrics`). */
  readonly metrics: boolean;
  readonly registry: boolean;
}

export interface PolicyPlan {
  /** The calling service; null when the program itself (or anyone) calls. */
  readonly caller: string | null;
  /** The caller is a service of the lab (so a real mesh can tell its requests apart). */
  readonly callerIsService: boolean;
  readonly destination: string;
  /** Where the lab configured it: a caller's sidecar, a ServiceClient, or the server itself. */
  readonly via: 'sidecar' | 'client' | 'server';
  readonly balancer: string;
  readonly layers: readonly LayerSpec[];
}

export interface ExportPlan {
  readonly lab: { readonly id: string; readonly title: string };
  /** The Kubernetes namespace: `gcl-` and the lab id with `/` as `-`. */
  readonly namespace: string;
  readonly services: readonly ServicePlan[];
  readonly policies: readonly PolicyPlan[];
}

/** Routes a probe may call, in the order they are preferred (Kubernetes' own conventions first). */
const HEALTH_PATHS = ['/readyz', '/healthz', '/livez', '/health', '/ready'];

/** A DNS-1123 label (what Kubernetes names must be): lower case, digits and `-`. */
export function dnsLabel(name: string): string {
  const label = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  if (label === '') throw new Error(`cannot make a Kubernetes name of "${name}"`);
  return label;
}

export function planExport(
  lab: { readonly id: string; readonly title: string },
  records: readonly MeshConfigRecord[],
): ExportPlan {
  const servers = new Map<
    string,
    { count: number; port: number; routes: RouteSpec[] | null; registry: boolean }
  >();
  const policies = new Map<string, PolicyPlan>();
  const raw: Omit<PolicyPlan, 'callerIsService'>[] = [];
  for (const r of records) {
    if (r.kind === 'server') {
      const s = servers.get(r.name) ?? { count: 0, port: 0, routes: null, registry: false };
      s.count++;
      if (s.port === 0) s.port = r.port;
      if (s.routes === null && r.routes !== null) s.routes = [...r.routes];
      s.registry ||= r.registry;
      servers.set(r.name, s);
      if (r.layers.length > 0)
        raw.push({
          caller: null,
          destination: r.name,
          via: 'server',
          balancer: 'round-robin',
          layers: r.layers,
        });
    } else if (r.kind === 'sidecar') {
      raw.push({
        caller: r.service === r.upstream ? null : r.service,
        destination: r.upstream,
        via: 'sidecar',
        balancer: r.balancer,
        layers: r.layers,
      });
    } else {
      raw.push({
        caller: r.caller,
        destination: r.service,
        via: 'client',
        balancer: r.balancer,
        layers: r.layers,
      });
    }
  }
  for (const p of raw) {
    const policy: PolicyPlan = { ...p, callerIsService: p.caller !== null && servers.has(p.caller) };
    policies.set(JSON.stringify(policy), policy);
  }
  const services = [...servers.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, s]): ServicePlan => {
      const gets = new Set(
        (s.routes ?? []).filter((r) => r.method === 'GET' || r.method === '*').map((r) => r.pattern),
      );
      return {
        name,
        replicas: s.count,
        port: s.port === 0 ? 8080 : s.port,
        portChosen: s.port === 0,
        routes: s.routes,
        health: HEALTH_PATHS.find((p) => gets.has(p)) ?? null,
        metrics: gets.has('/metrics'),
        registry: s.registry,
      };
    });
  return {
    lab,
    namespace: dnsLabel(`gcl-${lab.id.replace(/\//g, '-')}`),
    services,
    policies: [...policies.values()].sort(
      (a, b) =>
        a.destination.localeCompare(b.destination) ||
        (a.caller ?? '').localeCompare(b.caller ?? '') ||
        a.via.localeCompare(b.via),
    ),
  };
}

/** `1500` → `1.5s`, `100` → `0.100s`: a protobuf Duration / Istio duration string. */
export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
}

/** `100` → `100ms`, `2000` → `2s`: a Go-style duration (Gateway API, Linkerd). */
export function goDuration(ms: number): string {
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${Math.round(ms)}ms`;
}
