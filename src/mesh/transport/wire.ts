/**
 * Real sockets on gort's virtual clock: which bytes are on the wire.
 *
 * The virtual clock jumps to the next timer as soon as the scheduler finds every goroutine blocked.
 * Bytes in a socket are invisible to it: a client's deadline could fire while the answer is
 * already on its way, which real time would never allow, and how many such jumps happen would
 * depend on the host's speed. Holding the clock for the whole exchange fails the other way: a
 * server in this process whose handler sleeps on the virtual clock would never wake.
 *
 * The rule: the clock is held exactly while bytes are on the wire between two ends in this
 * process, or for the whole exchange when the server is elsewhere (its time is not ours to skip).
 * An exchange holds the clock from the moment the client sends; the in-process server lets go once
 * it has read the whole request and handed it to its handler (which, from then on, is the
 * scheduler's to see: a goroutine, or the mesh's own inline code whose waits are runtime timers,
 * further exchanges or held Web Crypto work); the server holds it again when it writes the answer,
 * and the client lets go when it has read all of it, or gives up. The two ends find each other by
 * the connection's addresses and ports, seen mirrored from each side.
 *
 * Invariants: an exchange holds at most one clock hold at a time and none after it ended; an
 * exchange is findable by its connection only between connect and end; on the real clock nothing
 * here runs (node-http.ts creates no exchange).
 */
import type { Socket } from 'node:net';
import { holdClock } from '../keep-alive.ts';

/** One request and its answer, sent by a client in this process on the virtual clock. */
export class Exchange {
  readonly #reason: string;
  #release: (() => void) | undefined;
  #ended = false;
  #connection: string | undefined;

  constructor(reason: string) {
    this.#reason = reason;
    this.#release = holdClock(`${reason}: on the wire`);
  }

  /** The client's socket is connected: the server can now find this exchange by its connection. */
  connected(socket: Socket): void {
    if (this.#ended) return;
    this.#forget();
    this.#connection = connection(
      socket.localAddress,
      socket.localPort,
      socket.remoteAddress,
      socket.remotePort,
    );
    open.set(this.#connection, this);
  }

  /** The in-process server has the whole request and gave it to its handler. */
  arrived(): void {
    this.#release?.();
    this.#release = undefined;
  }

  /** The in-process server writes the answer: on the wire again until the client has read it. */
  answering(): void {
    if (this.#ended || this.#release !== undefined) return;
    this.#release = holdClock(`${this.#reason}: answer on the wire`);
  }

  /** The client has read the answer, or gave up. */
  end(): void {
    this.#ended = true;
    this.#forget();
    this.arrived();
  }

  #forget(): void {
    if (this.#connection !== undefined && open.get(this.#connection) === this) open.delete(this.#connection);
    this.#connection = undefined;
  }
}

/** Exchanges in flight by connection, `client address:port>server address:port`. */
const open = new Map<string, Exchange>();

function address(a: string | undefined): string {
  return a?.startsWith('::ffff:') ? a.slice(7) : (a ?? '');
}

function connection(
  clientAddress: string | undefined,
  clientPort: number | undefined,
  serverAddress: string | undefined,
  serverPort: number | undefined,
): string {
  return `${address(clientAddress)}:${clientPort ?? 0}>${address(serverAddress)}:${serverPort ?? 0}`;
}

/** The exchange a server socket carries, when its client is in this process. */
export function exchangeOf(socket: Socket): Exchange | undefined {
  if (open.size === 0) return undefined;
  return open.get(connection(socket.remoteAddress, socket.remotePort, socket.localAddress, socket.localPort));
}
