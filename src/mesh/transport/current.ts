/**
 * The process-wide current transport.
 *
 * Servers and clients that are not given a transport explicitly use this one. The default is
 * node:http when running under Node (or a WebContainer, which reports itself as Node), else the
 * in-memory network; a host that knows better (the worker runner) calls `setTransport` before the
 * learner's program is imported. Invariant: the default is created once, lazily, so importing
 * `gomesh` has no side effects.
 */
import { memoryTransport } from './memory.ts';
import { nodeHttpTransport } from './node-http.ts';
import type { Transport } from './transport.ts';

let current: Transport | undefined;

function isNodeLike(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof proc?.versions?.node === 'string';
}

export function setTransport(transport: Transport): void {
  current = transport;
}

export function getTransport(): Transport {
  current ??= isNodeLike() ? nodeHttpTransport() : memoryTransport();
  return current;
}
