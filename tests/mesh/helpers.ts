/**
 * Shared helpers of the mesh tests: the transports every behaviour test runs on and the per-test
 * lifecycle on them, replicas with scripted behaviour, bounded polling and a concurrency-limited
 * request loop.
 */
import { afterEach, beforeEach } from 'vitest';
import {
  closeAll,
  json,
  memoryTransport,
  nodeHttpTransport,
  serve,
  setTransport,
  type ServerHandle,
  type Transport,
} from 'gomesh';

export interface TransportCase {
  name: string;
  make: () => Transport;
}

/** The same behaviour suite runs on real sockets and on the in-memory network of the worker runner. */
export const TRANSPORTS: TransportCase[] = [
  { name: 'node:http', make: () => nodeHttpTransport() },
  { name: 'memory', make: () => memoryTransport() },
];

/**
 * The lifecycle of a suite that runs on `tc` (call it at the top of the suite): each test starts on
 * a fresh transport of that kind, installed as the process default, and every server it started is
 * closed after it, so no test sees another's listeners or ports.
 */
export function onFreshTransport(tc: TransportCase): void {
  beforeEach(() => {
    setTransport(tc.make());
  });
  afterEach(async () => {
    await closeAll();
  });
}

/** Waits (in short real sleeps, at most `timeoutMs`) until `cond()` is true; throws otherwise. */
export async function until(
  cond: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Runs `total` calls of `fn` with at most `concurrency` in flight. */
export async function runConcurrently(
  total: number,
  concurrency: number,
  fn: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < total) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
}

export interface Replica {
  server: ServerHandle;
  /** Requests this replica received. */
  hits: number;
}

/** A replica of service `name` that answers with `status(n)` for its n-th request after `delayMs`. */
export async function startReplica(
  name: string,
  options: { status?: (n: number) => number; delayMs?: number } = {},
): Promise<Replica> {
  const replica: Replica = { server: undefined as unknown as ServerHandle, hits: 0 };
  replica.server = await serve(name, async () => {
    const n = replica.hits++;
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    const status = options.status?.(n) ?? 200;
    return json(status, { replica: replica.server.port, n });
  });
  return replica;
}

/**
 * "Answers 503 to half its requests", at random with a fixed seed. (Strict alternation would never
 * produce 5 failures in a row, which is not what a sick replica looks like.)
 */
export function failingHalf(seed: number): () => number {
  const random = scaffoldRandom(seed);
  return () => (random() < 0.5 ? 503 : 200);
}

/**
 * A seeded stream of floats in [0, 1) for test scaffolding only (how a replica misbehaves), kept
 * apart from the program's source so the mesh's own draws stay the same whatever replicas do.
 * (mulberry32.)
 */
export function scaffoldRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
