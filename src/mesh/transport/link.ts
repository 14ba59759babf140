/**
 * One process's link to the network, for simulations: every request it sends arrives `latencyMs`
 * later on the program's clock, and once the link is cut nothing it sends arrives any more — what
 * the rest of the system sees of a process that was killed (it neither answers nor says goodbye)
 * or partitioned away. The registry lesson's lab gives each instance its own link and kills an
 * instance by cutting it.
 *
 * Invariants: a request's delay is a timer on the clock of the program that built the link (never a
 * goroutine's sleep: `send` may be called from inside a goroutine's call, which parks on its own);
 * a request still on its way when the link is cut fails too, with `UpstreamConnectError`, like
 * every later one; an aborted request rejects with its signal's reason; `listen` is the underlying
 * transport's, so servers of the process are not affected by a cut (close them).
 */
import { delay, runtimeClock } from '../clock.ts';
import { UpstreamConnectError, checkNumber } from '../errors.ts';
import type { MeshResponse } from '../message.ts';
import { getTransport } from './current.ts';
import { parseUrl, type OutgoingRequest, type Transport } from './transport.ts';

/**
 * The options of `linkTransport`: latency, and the network underneath.
 *
 * No Go counterpart (see `linkTransport`).
 */
export interface LinkTransportOptions {
  /** How long every request takes to arrive, in ms on the program's clock; default 0. */
  latencyMs?: number;
  /** The network the link sends over; default the current transport when the link is made. */
  over?: Transport;
}

/**
 * One process's link to the network, which can be cut (see `linkTransport`).
 *
 * No Go counterpart in the standard library (a fault-injecting `http.RoundTripper`).
 */
export interface LinkTransport extends Transport {
  /** Cuts the link for good: every request still on its way and every later one fails. */
  cut(): void;
  readonly isCut: boolean;
}

/**
 * A link that delays each request by `latencyMs` on the program's clock and, once `cut()`, fails
 * every request with `UpstreamConnectError`: a killed or partitioned process, as the rest of the
 * system sees it. No Go counterpart in the standard library (a fault-injecting `RoundTripper`).
 *
 * @throws `BadOptionError` when `latencyMs` is negative (`Expected \`latencyMs\` to be a finite
 * number >= 0, got -1`).
 *
 * @example
 * ```ts
 * import { linkTransport, memoryTransport } from 'gomesh';
 *
 * const link = linkTransport({ latencyMs: 5, over: memoryTransport() });
 * link.cut();
 * console.log(link.isCut); // true
 * ```
 */
export function linkTransport(options: LinkTransportOptions = {}): LinkTransport {
  const latencyMs = checkNumber('latencyMs', options.latencyMs ?? 0, 0);
  const over = options.over ?? getTransport();
  const clock = runtimeClock();
  let isCut = false;
  const refuse = (req: OutgoingRequest) => {
    const { host, port } = parseUrl(req.url);
    return new UpstreamConnectError(`${host}:${port}`, 'the link is cut');
  };
  return {
    name: `link over ${over.name}`,
    get isCut() {
      return isCut;
    },
    cut() {
      isCut = true;
    },
    listen: (host, port, handler) => over.listen(host, port, handler),
    async send(req: OutgoingRequest): Promise<MeshResponse> {
      if (isCut) throw refuse(req);
      if (latencyMs > 0) await delay(clock, latencyMs, req.signal);
      if (isCut) throw refuse(req);
      return over.send(req);
    },
  };
}
