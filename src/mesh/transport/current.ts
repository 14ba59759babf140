/**
 * The process-wide current transport.
 *
 * Servers and clients that are not given a transport explicitly use this one: the transport set
 * with `setTransport` (the worker runner's host sets the in-memory network before the learner's
 * program is imported), else a default chosen by where the program runs:
 * - on gort's virtual clock, the in-memory network of that program (one per runtime, so every run
 *   starts with an empty network and port 40000): a real socket delivers bytes in real time, in
 *   an order and on ports the OS picks, which a virtual clock can neither wait for nor replay, so
 *   a virtual-clock service lab prints the same output, byte for byte, in every runner;
 * - on the real clock, node:http under Node (or a WebContainer, which reports itself as Node),
 *   else the in-memory network.
 * Invariant: each default is created once, lazily, so importing `gomesh` has no side effects.
 */
import { activeRuntime } from 'gort';
import { memoryTransport } from './memory.ts';
import { nodeHttpTransport } from './node-http.ts';
import type { Transport } from './transport.ts';

let current: Transport | undefined;
let realDefault: Transport | undefined;
const virtualNetworks = new WeakMap<object, Transport>();

function isNodeLike(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof proc?.versions?.node === 'string';
}

/**
 * Sets the transport every server and client without one of their own uses. Go: replacing
 * `http.DefaultTransport`.
 *
 * @example
 * ```ts
 * import { memoryTransport, setTransport } from 'gomesh';
 *
 * setTransport(memoryTransport());
 * ```
 */
export function setTransport(transport: Transport): void {
  current = transport;
}

/**
 * The current transport: `setTransport`'s, else the program's in-memory network on the virtual
 * clock, else node:http under Node. Go: `http.DefaultTransport`.
 *
 * @example
 * ```ts
 * import { getTransport } from 'gomesh';
 *
 * console.log(getTransport().name);
 * ```
 */
export function getTransport(): Transport {
  if (current !== undefined) return current;
  const rt = activeRuntime();
  if (!rt.virtual) return (realDefault ??= isNodeLike() ? nodeHttpTransport() : memoryTransport());
  let network = virtualNetworks.get(rt);
  if (network === undefined) virtualNetworks.set(rt, (network = memoryTransport()));
  return network;
}
