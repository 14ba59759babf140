/**
 * Handlers, layers and the one function that folds layers.
 *
 * A handler answers a request; a layer wraps a handler to make another (tower's `Layer`, Go's
 * `func(http.Handler) http.Handler`, chi's middleware). `compose(a, b, c)(h)` is `a(b(c(h)))`: the
 * first layer sees the request first and the response last. Invariant: compose validates every
 * argument where it enters, so a missing layer fails at wiring time with its position in the list,
 * not at the first request.
 */
import { BadOptionError } from './errors.ts';
import type { MeshRequest, MeshResponse } from './message.ts';

/**
 * Answers one request. Go: `http.Handler` (`func(w http.ResponseWriter, r *http.Request)`), with the
 * response returned instead of written. A throw becomes a 500 at the server's edge (a `MeshError`
 * answers with its own status).
 */
export type Handler = (req: MeshRequest) => Promise<MeshResponse> | MeshResponse;
/**
 * Wraps a handler to make another: middleware. Go: `func(http.Handler) http.Handler` (chi's
 * middleware), tower's `Layer`.
 */
export type Layer = (next: Handler) => Handler;

/**
 * Folds layers into one: `compose(a, b, c)(h)` is `a(b(c(h)))`, so the first layer sees the request
 * first and the response last. Go: chi's `r.Use(a, b, c)` (or `a(b(c(h)))` by hand).
 *
 * @throws `BadOptionError` at wiring time when an argument is not a function: `Expected layer #2 of
 * compose() to be a function (next) => handler, got undefined`.
 *
 * @example
 * ```ts
 * import { compose, json, type Layer } from 'gomesh';
 *
 * const logged: Layer = (next) => async (req) => {
 *   const res = await next(req);
 *   console.log(req.method, req.path, res.status);
 *   return res;
 * };
 * const handler = compose(logged)(() => json(200, { ok: true }));
 * ```
 */
export function compose(...layers: Layer[]): Layer {
  layers.forEach((layer, i) => {
    if (typeof layer !== 'function') {
      throw new BadOptionError(
        `Expected layer #${i + 1} of compose() to be a function (next) => handler, got ${layer === null ? 'null' : typeof layer}`,
      );
    }
  });
  return (next) => {
    if (typeof next !== 'function') {
      throw new BadOptionError(
        `Expected the handler given to a composed layer to be a function, got ${typeof next}`,
      );
    }
    let handler = next;
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i] as Layer;
      const wrapped: unknown = layer(handler);
      if (typeof wrapped !== 'function') {
        throw new BadOptionError(
          `Expected layer #${i + 1} of compose() to return a handler function, got ${typeof wrapped}`,
        );
      }
      handler = wrapped as Handler;
    }
    return handler;
  };
}
