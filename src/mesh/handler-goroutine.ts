/**
 * On gort's virtual clock, each request's handler runs in a goroutine of its own, as Go's net/http
 * serves every connection with `go c.serve(ctx)`.
 *
 * A handler calls the runtime — `sleep`, channels, locks — and the runtime knows who calls it only
 * by which goroutine it resumed last. Run as a plain callback of the transport, a handler's `sleep`
 * would be charged to whichever goroutine happened to be current: parked under its name, counted
 * as blocked while its own code still runs, and the virtual clock, which moves only when the
 * scheduler finds every goroutine blocked, could stop for good. In a goroutine of its own the
 * handler's operations are its own, it shows in dumps and traces as `serveHTTP`, and time jumps
 * only when it is blocked too. On the real clock time moves by itself and handlers answer inline,
 * as the scheduler resumes one goroutine per turn: a handler goroutine awaiting real I/O (a call
 * to another service) would hold up the handlers queued behind it.
 *
 * Invariants: the handler runs exactly once and its answer is delivered as it settles (it never
 * rejects: server.ts recovers errors before this); once the program has ended (its runtime
 * abandoned, so a new goroutine would never run) the handler runs inline, so a check that calls a
 * service after its program exited still gets an answer.
 */
import { activeRuntime, go } from 'gort';
import type { ServerHandler } from './transport/transport.ts';

export function inGoroutine(handler: ServerHandler): ServerHandler {
  return (req) => {
    const rt = activeRuntime();
    if (!rt.virtual || rt.done) return handler(req);
    return new Promise((resolve) => {
      go(function serveHTTP() {
        return handler(req).then(resolve);
      });
    });
  };
}
