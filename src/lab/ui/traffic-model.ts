/**
 * The Traffic view's model (no DOM): turns the mesh's traffic records (gomesh's `onTraffic`, sent
 * by the host in `traffic` messages) into a topology at a moment of the run — callers and services
 * as nodes, a service's instances inside it, calls as edges — with the numbers Kiali shows.
 *
 * Definitions (the mesh's own, so the view agrees with `MeshMetrics` and the lessons): a request
 * counts at the moment it ended (start + duration), inside the window `(at - windowMs, at]`; an
 * error is a 5xx or no answer at all (status 0), as `MeshMetrics` counts successes; success rate =
 * 1 - errors / requests; requests/s = requests / the window's length (from the first request's
 * start when the window reaches back further); p50/p99 by the mesh's `percentile` (nearest rank);
 * a retry is an attempt after the first; rate-limited and denied calls are those the mesh answered
 * with `RATE_LIMITED` and `DENIED`/`UNAUTHENTICATED`. Health as Kiali colours it: `failing` at 10%
 * errors or more, `degraded` at 0.1% or more, `healthy` below, `idle` without requests. At `at`, an
 * instance is ejected while an ejection covers `at`; a breaker is `open` from its opening for its
 * cooldown, `half-open` after that until it closes.
 *
 * Invariants: the model is built once per set of records and `trafficAt` only reads it; nodes and
 * edges come in a stable order (first seen), so a drawing does not jump while replaying.
 */
import type { TrafficEvent, TrafficRequest } from 'gomesh';
import { percentile } from '../../mesh/metrics/percentile.ts';

export const DEGRADED_AT = 0.001;
export const FAILING_AT = 0.1;

export type Health = 'healthy' | 'degraded' | 'failing' | 'idle';
export type BreakerState = 'closed' | 'open' | 'half-open';
/** A node: a service (or sidecar), the program's own clients, or clients outside the mesh. */
export type NodeKind = 'service' | 'program' | 'outside';

export interface TrafficModel {
  /** Requests in the order they ended. */
  readonly requests: readonly TrafficRequest[];
  readonly ends: readonly number[];
  readonly events: readonly TrafficEvent[];
  /** The first request's start and the last event's time (the replay's range); 0 and 0 when empty. */
  readonly start: number;
  readonly end: number;
  /** Node keys in the order first seen, and edge keys likewise. */
  readonly nodeKeys: readonly string[];
  readonly edgeKeys: readonly string[];
}

export interface Counts {
  readonly requests: number;
  readonly errors: number;
  /** 1 - errors / requests; NaN without requests. */
  readonly successRate: number;
  readonly health: Health;
}

export interface EdgeStats extends Counts {
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly rps: number;
  /** NaN without requests. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly retries: number;
  readonly rateLimited: number;
  readonly denied: number;
}

export interface InstanceStats extends Counts {
  readonly id: string;
  readonly ejected: boolean;
}

export interface NodeStats extends Counts {
  readonly key: string;
  readonly kind: NodeKind;
  /** The service's name (empty for the program and the outside). */
  readonly name: string;
  readonly instances: readonly InstanceStats[];
  readonly breaker: BreakerState;
}

export interface TrafficSnapshot {
  readonly at: number;
  readonly nodes: readonly NodeStats[];
  readonly edges: readonly EdgeStats[];
}

export const OUTSIDE = 'outside';
export const PROGRAM = 'program';
const serviceKey = (name: string) => `service:${name}`;
const fromKey = (from: string | null) => (from === null ? OUTSIDE : from === '' ? PROGRAM : serviceKey(from));
const edgeKey = (r: TrafficRequest) => `${fromKey(r.from)}>${serviceKey(r.to)}`;
const endOf = (r: TrafficRequest) => r.start + r.durationMs;
const isError = (r: TrafficRequest) => r.status === 0 || r.status >= 500;

export function healthOf(requests: number, errors: number): Health {
  if (requests === 0) return 'idle';
  const share = errors / requests;
  return share >= FAILING_AT ? 'failing' : share >= DEGRADED_AT ? 'degraded' : 'healthy';
}

function counts(requests: number, errors: number): Counts {
  return {
    requests,
    errors,
    successRate: requests === 0 ? NaN : 1 - errors / requests,
    health: healthOf(requests, errors),
  };
}

export function trafficModel(events: readonly TrafficEvent[]): TrafficModel {
  const requests = events
    .filter((e): e is TrafficRequest => e.kind === 'request')
    .sort((a, b) => endOf(a) - endOf(b));
  const nodeKeys = new Set<string>();
  const edgeKeys = new Set<string>();
  for (const e of events) {
    if (e.kind === 'request') {
      nodeKeys.add(fromKey(e.from));
      nodeKeys.add(serviceKey(e.to));
      edgeKeys.add(edgeKey(e));
    } else nodeKeys.add(serviceKey(e.service));
  }
  const times = events.map((e) => (e.kind === 'request' ? endOf(e) : e.at));
  return {
    requests,
    ends: requests.map(endOf),
    events,
    start:
      requests.length > 0
        ? Math.min(...requests.map((r) => r.start))
        : times.length > 0
          ? Math.min(...times)
          : 0,
    end: times.length > 0 ? Math.max(...times) : 0,
    nodeKeys: [...nodeKeys],
    edgeKeys: [...edgeKeys],
  };
}

/** Index of the first end time greater than `t` (ends are sorted). */
function after(ends: readonly number[], t: number): number {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ends[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Tally {
  requests: number;
  errors: number;
  durations: number[];
  retries: number;
  rateLimited: number;
  denied: number;
}

const tally = (): Tally => ({ requests: 0, errors: 0, durations: [], retries: 0, rateLimited: 0, denied: 0 });

function breakerAt(events: readonly TrafficEvent[], service: string, at: number): BreakerState {
  let state: BreakerState = 'closed';
  for (const e of events) {
    if (e.kind !== 'breaker' || e.service !== service || e.at > at) continue;
    state = e.state === 'closed' ? 'closed' : at < e.at + e.cooldownMs ? 'open' : 'half-open';
  }
  return state;
}

/** The topology and its numbers over the requests that ended in `(at - windowMs, at]`. */
export function trafficAt(model: TrafficModel, at: number, windowMs = Infinity): TrafficSnapshot {
  const from = at - windowMs;
  const edges = new Map<string, Tally>();
  const instances = new Map<string, Map<string, Tally>>();
  const last = after(model.ends, at);
  const first = Number.isFinite(from) ? after(model.ends, from) : 0;
  for (let i = first; i < last; i++) {
    const r = model.requests[i] as TrafficRequest;
    const key = edgeKey(r);
    const edge = edges.get(key) ?? tally();
    edges.set(key, edge);
    const failed = isError(r);
    edge.requests++;
    if (failed) edge.errors++;
    edge.durations.push(r.durationMs);
    if (r.attempt > 0) edge.retries++;
    if (r.code === 'RATE_LIMITED') edge.rateLimited++;
    if (r.code === 'DENIED' || r.code === 'UNAUTHENTICATED') edge.denied++;
    const byInstance = instances.get(r.to) ?? new Map<string, Tally>();
    instances.set(r.to, byInstance);
    const inst = byInstance.get(r.instance) ?? tally();
    byInstance.set(r.instance, inst);
    inst.requests++;
    if (failed) inst.errors++;
  }
  const seconds = (at - Math.max(from, model.start)) / 1000;
  const edgeStats = model.edgeKeys.map((key): EdgeStats => {
    const e = edges.get(key) ?? tally();
    const [fromNode = '', toNode = ''] = key.split('>');
    return {
      key,
      from: fromNode,
      to: toNode,
      ...counts(e.requests, e.errors),
      rps: seconds > 0 ? e.requests / seconds : NaN,
      p50Ms: percentile(e.durations, 50),
      p99Ms: percentile(e.durations, 99),
      retries: e.retries,
      rateLimited: e.rateLimited,
      denied: e.denied,
    };
  });
  const ejected = new Set<string>();
  const known = new Map<string, string[]>();
  const note = (service: string, id: string) => {
    const list = known.get(service) ?? [];
    if (!list.includes(id)) list.push(id);
    known.set(service, list);
  };
  // Every instance of the run, not only those seen by `at`: the drawing stays put while replaying.
  for (const r of model.requests) note(r.to, r.instance);
  for (const e of model.events) {
    if (e.kind !== 'eject') continue;
    note(e.service, e.instance);
    if (e.at <= at && at < e.at + e.durationMs) ejected.add(`${e.service}\n${e.instance}`);
  }
  const nodes = model.nodeKeys.map((key): NodeStats => {
    const kind: NodeKind = key === OUTSIDE ? 'outside' : key === PROGRAM ? 'program' : 'service';
    const name = kind === 'service' ? key.slice(serviceKey('').length) : '';
    let requests = 0;
    let errors = 0;
    for (const e of edgeStats)
      if (e.to === key) {
        requests += e.requests;
        errors += e.errors;
      }
    const byInstance = instances.get(name);
    return {
      key,
      kind,
      name,
      ...counts(requests, errors),
      instances: (known.get(name) ?? []).map((id) => {
        const t = byInstance?.get(id) ?? tally();
        return { id, ...counts(t.requests, t.errors), ejected: ejected.has(`${name}\n${id}`) };
      }),
      breaker: kind === 'service' ? breakerAt(model.events, name, at) : 'closed',
    };
  });
  return { at, nodes, edges: edgeStats };
}
