/**
 * A small router in the style of Go's chi.
 *
 * Patterns are split on `/`; a segment is static (`users`), a parameter (`{id}`, `{id:[0-9]+}` or
 * `:id`) or, as the last segment, a catch-all `*` (exposed as param `*`). When several routes
 * match, the most specific wins regardless of registration order (static beats parameter beats
 * catch-all, segment by segment), as in chi's radix tree. A path that matches some route but not
 * the method answers 405 with an `Allow` header; no match answers 404. `GET` routes also answer
 * `HEAD`, as Go's ServeMux does. Middleware added with `use` wraps every route of the router,
 * including mounted sub-routers.
 */
import { BadOptionError } from './errors.ts';
import { compose, type Handler, type Layer } from './compose.ts';
import { text, type MeshRequest, type MeshResponse } from './message.ts';

type Segment =
  | { kind: 'static'; value: string }
  | { kind: 'param'; name: string; re: RegExp | undefined }
  | { kind: 'wildcard' };

interface Route {
  method: string;
  pattern: string;
  segments: Segment[];
  handler: Handler;
}

interface Mount {
  prefix: string[];
  handler: Handler;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function compile(pattern: string): Segment[] {
  if (!pattern.startsWith('/'))
    throw new BadOptionError(`Expected route pattern to start with "/", got "${pattern}"`);
  const parts = splitPath(pattern);
  return parts.map((part, i): Segment => {
    if (part === '*') {
      if (i !== parts.length - 1) throw new BadOptionError(`"*" must be the last segment of "${pattern}"`);
      return { kind: 'wildcard' };
    }
    const braced = /^\{([A-Za-z_][\w]*)(?::(.+))?\}$/.exec(part);
    if (braced)
      return {
        kind: 'param',
        name: braced[1] as string,
        re: braced[2] ? new RegExp(`^(?:${braced[2]})$`) : undefined,
      };
    if (part.startsWith(':') && part.length > 1) return { kind: 'param', name: part.slice(1), re: undefined };
    return { kind: 'static', value: part };
  });
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Returns a specificity score (higher = more specific) and the params, or undefined when no match. */
function match(
  segments: Segment[],
  parts: string[],
): { score: number[]; params: Record<string, string> } | undefined {
  const params: Record<string, string> = {};
  const score: number[] = [];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as Segment;
    if (seg.kind === 'wildcard') {
      params['*'] = parts.slice(i).map(decode).join('/');
      score.push(0);
      return { score, params };
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (seg.kind === 'static') {
      if (seg.value !== part) return undefined;
      score.push(3);
    } else {
      const value = decode(part);
      if (seg.re && !seg.re.test(value)) return undefined;
      params[seg.name] = value;
      score.push(seg.re ? 2 : 1);
    }
  }
  return parts.length === segments.length ? { score, params } : undefined;
}

function better(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? -1;
    const y = b[i] ?? -1;
    if (x !== y) return x > y;
  }
  return false;
}

/**
 * A router in the style of Go's chi: method routes with `{id}` parameters and a catch-all `*`, the
 * most specific route winning; 404 when nothing matches, 405 with `Allow` when only the method does;
 * `GET` routes also answer `HEAD`. Go: `chi.NewRouter()` (and `http.ServeMux` with Go 1.22
 * patterns).
 *
 * @throws `BadOptionError` when a pattern does not start with `/` (`Expected route pattern to start
 * with "/", got "users"`), or `*` is not its last segment.
 *
 * @example
 * ```ts
 * import { main } from 'gort';
 * import { Router, get, json, serve } from 'gomesh';
 *
 * main(async () => {
 *   const r = new Router();
 *   r.get('/users/{id}', (req) => json(200, { id: req.param('id') }));
 *   const server = await serve('users', r);
 *   const res = await get(`${server.url}/users/7`);
 *   console.log(res.status, await res.json()); // 200 { id: '7' }
 *   await server.close();
 * });
 * ```
 */
export class Router {
  readonly #routes: Route[] = [];
  readonly #mounts: Mount[] = [];
  readonly #layers: Layer[] = [];
  #composed: Handler | undefined;
  #notFound: Handler = () => text(404, '404 page not found\n');
  #methodNotAllowed: (req: MeshRequest, allow: string[]) => MeshResponse | Promise<MeshResponse> = (
    _req,
    allow,
  ) => text(405, 'method not allowed\n', { allow: allow.join(', ') });

  /** The router as a plain handler; pass `router` or `router.serve` wherever a handler is expected. */
  readonly serve: Handler = (req) => {
    this.#composed ??= compose(...this.#layers)(this.#dispatch);
    return this.#composed(req);
  };

  /** Adds middleware around every route of this router, mounted ones included (chi's `r.Use`). */
  use(...layers: Layer[]): this {
    compose(...layers); // validates
    this.#layers.push(...layers);
    this.#composed = undefined;
    return this;
  }

  /**
   * Routes `method` requests matching `pattern` to `handler` (chi's `r.Method`; `*` is any method).
   */
  method(method: string, pattern: string, handler: Handler | Router): this {
    this.#routes.push({
      method: method.toUpperCase(),
      pattern,
      segments: compile(pattern),
      handler: toHandler(handler),
    });
    return this;
  }

  /** Routes `GET` (and `HEAD`) requests; chi's `r.Get`. */
  get(pattern: string, handler: Handler | Router): this {
    return this.method('GET', pattern, handler);
  }
  /** Routes `HEAD` requests; chi's `r.Head`. */
  head(pattern: string, handler: Handler | Router): this {
    return this.method('HEAD', pattern, handler);
  }
  /** Routes `POST` requests; chi's `r.Post`. */
  post(pattern: string, handler: Handler | Router): this {
    return this.method('POST', pattern, handler);
  }
  /** Routes `PUT` requests; chi's `r.Put`. */
  put(pattern: string, handler: Handler | Router): this {
    return this.method('PUT', pattern, handler);
  }
  /** Routes `PATCH` requests; chi's `r.Patch`. */
  patch(pattern: string, handler: Handler | Router): this {
    return this.method('PATCH', pattern, handler);
  }
  /** Routes `DELETE` requests; chi's `r.Delete`. */
  delete(pattern: string, handler: Handler | Router): this {
    return this.method('DELETE', pattern, handler);
  }
  /** Routes `OPTIONS` requests; chi's `r.Options`. */
  options(pattern: string, handler: Handler | Router): this {
    return this.method('OPTIONS', pattern, handler);
  }
  /** Any method. */
  handle(pattern: string, handler: Handler | Router): this {
    return this.method('*', pattern, handler);
  }

  /** Serves everything under `prefix` with `handler`, which sees the path relative to the prefix. */
  mount(prefix: string, handler: Handler | Router): this {
    const parts = compile(prefix === '/' ? '/' : prefix);
    if (parts.some((p) => p.kind !== 'static'))
      throw new BadOptionError(`Expected a static mount prefix, got "${prefix}"`);
    this.#mounts.push({ prefix: splitPath(prefix), handler: toHandler(handler) });
    return this;
  }

  /** chi's `r.Route("/users", func(r chi.Router) { ... })`: a sub-router mounted at `prefix`. */
  route(prefix: string, build: (r: Router) => void): Router {
    const sub = new Router();
    build(sub);
    this.mount(prefix, sub);
    return sub;
  }

  /** Replaces the 404 answer (default `404 page not found`, Go's text); chi's `r.NotFound`. */
  notFound(handler: Handler): this {
    this.#notFound = handler;
    return this;
  }

  /** Replaces the 405 answer, given the allowed methods; chi's `r.MethodNotAllowed`. */
  methodNotAllowed(
    handler: (req: MeshRequest, allow: string[]) => MeshResponse | Promise<MeshResponse>,
  ): this {
    this.#methodNotAllowed = handler;
    return this;
  }

  readonly #dispatch: Handler = (req) => {
    const parts = splitPath(req.path);
    for (const m of this.#mounts) {
      if (m.prefix.length <= parts.length && m.prefix.every((p, i) => parts[i] === p)) {
        const rest = '/' + parts.slice(m.prefix.length).join('/');
        const q = req.url.indexOf('?');
        return m.handler(
          req.with({ url: q < 0 ? rest : rest + req.url.slice(q), params: { ...req.params } }),
        );
      }
    }
    let best: { route: Route; score: number[]; params: Record<string, string> } | undefined;
    const allow = new Set<string>();
    for (const route of this.#routes) {
      const m = match(route.segments, parts);
      if (!m) continue;
      const methodOk =
        route.method === '*' ||
        route.method === req.method ||
        (req.method === 'HEAD' && route.method === 'GET');
      if (!methodOk) {
        allow.add(route.method);
        if (route.method === 'GET') allow.add('HEAD');
        continue;
      }
      if (!best || better(m.score, best.score)) best = { route, ...m };
    }
    if (best) {
      req.params = { ...req.params, ...best.params };
      return best.route.handler(req);
    }
    if (allow.size > 0) return this.#methodNotAllowed(req, [...allow].sort());
    return this.#notFound(req);
  };
}

/**
 * Accepts a handler or a router wherever a handler is expected.
 *
 * Go: a `chi.Router` is an `http.Handler`; this makes that explicit.
 *
 * @example
 * ```ts
 * import { Router, toHandler } from 'gomesh';
 *
 * const handler = toHandler(new Router());
 * ```
 */
export function toHandler(h: Handler | Router): Handler {
  if (h instanceof Router) return h.serve;
  if (typeof h !== 'function')
    throw new BadOptionError(`Expected a handler function or a Router, got ${typeof h}`);
  return h;
}
