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
import { describeHandler, infoOf, inspecting, specOf } from './inspect.ts';

export type Handler = (req: MeshRequest) => Promise<MeshResponse> | MeshResponse;
export type Layer = (next: Handler) => Handler;

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
    if (inspecting()) {
      // What the export reads (inspect.ts): these layers in front of what is known of `next`.
      const inner = infoOf(next);
      describeHandler(handler, {
        layers: [...layers.map(specOf), ...inner.layers],
        routes: inner.routes,
      });
    }
    return handler;
  };
}
