/**
 * The chi-like router, exercised as a plain handler (no network): path parameters in both
 * syntaxes, most-specific match, 404, 405 with Allow, HEAD via GET, middleware and sub-routers.
 */
import { describe, expect, it } from 'vitest';
import { MeshRequest, Router, compose, json, text, type Layer } from 'gomesh';

const call = async (r: Router, method: string, url: string) => {
  const res = await r.serve(new MeshRequest({ method, url }));
  return { status: res.status, body: await res.text(), allow: res.headers.allow };
};

describe('Router', () => {
  it('captures {id} and :id parameters, decoded', async () => {
    const r = new Router();
    r.get('/users/{id}', (req) => text(200, `user ${req.param('id')}`));
    r.get('/teams/:team/members/:name', (req) => text(200, `${req.param('team')}/${req.param('name')}`));
    expect((await call(r, 'GET', '/users/42')).body).toBe('user 42');
    expect((await call(r, 'GET', '/teams/core/members/ada%20l')).body).toBe('core/ada l');
  });

  it('answers the most specific route whatever the registration order', async () => {
    const r = new Router();
    r.get('/users/{id}', () => text(200, 'param'));
    r.get('/users/*', () => text(200, 'wildcard'));
    r.get('/users/me', () => text(200, 'static'));
    r.get('/users/{id:[0-9]+}', () => text(200, 'regex'));
    expect((await call(r, 'GET', '/users/me')).body).toBe('static');
    expect((await call(r, 'GET', '/users/7')).body).toBe('regex');
    expect((await call(r, 'GET', '/users/ada')).body).toBe('param');
    expect((await call(r, 'GET', '/users/ada/pets')).body).toBe('wildcard');
  });

  it('answers 404 for unknown paths and 405 with Allow for known paths with the wrong method', async () => {
    const r = new Router();
    r.get('/users', () => json(200, []));
    r.post('/users', () => json(201, {}));
    expect((await call(r, 'GET', '/nope')).status).toBe(404);
    const res = await call(r, 'DELETE', '/users');
    expect(res.status).toBe(405);
    expect(res.allow).toBe('GET, HEAD, POST');
  });

  it('serves HEAD from GET routes, as Go does', async () => {
    const r = new Router();
    r.get('/health', () => text(200, 'ok'));
    expect((await call(r, 'HEAD', '/health')).status).toBe(200);
  });

  it('ignores the query string when matching and exposes it parsed', async () => {
    const r = new Router();
    r.get('/search', (req) => text(200, req.query.get('q') ?? ''));
    expect((await call(r, 'GET', '/search?q=gophers')).body).toBe('gophers');
  });

  it('runs middleware added with use() around every route, first added outermost', async () => {
    const seen: string[] = [];
    const tag =
      (name: string): Layer =>
      (next) =>
      async (req) => {
        seen.push(`${name}>`);
        const res = await next(req);
        seen.push(`<${name}`);
        return res;
      };
    const r = new Router();
    r.use(tag('a'), tag('b'));
    r.get('/', () => text(200, 'root'));
    await call(r, 'GET', '/');
    expect(seen).toEqual(['a>', 'b>', '<b', '<a']);
  });

  it('mounts sub-routers with route(), which see paths relative to their prefix', async () => {
    const r = new Router();
    r.route('/api/v1', (api) => {
      api.get('/users/{id}', (req) => text(200, `v1 user ${req.param('id')} at ${req.path}`));
    });
    expect((await call(r, 'GET', '/api/v1/users/3')).body).toBe('v1 user 3 at /users/3');
    expect((await call(r, 'GET', '/api/v2/users/3')).status).toBe(404);
  });

  it('parses JSON bodies with req.json()', async () => {
    const r = new Router();
    r.post('/echo', async (req) => json(200, await req.json()));
    const res = await r.serve(new MeshRequest({ method: 'POST', url: '/echo', body: '{"name":"Ada"}' }));
    expect(await res.json()).toEqual({ name: 'Ada' });
  });
});

describe('compose', () => {
  it('folds layers so the first one sees the request first', async () => {
    const order: number[] = [];
    const mark =
      (n: number): Layer =>
      (next) =>
      (req) => {
        order.push(n);
        return next(req);
      };
    const h = compose(mark(1), mark(2), mark(3))(() => text(200, 'done'));
    await h(new MeshRequest());
    expect(order).toEqual([1, 2, 3]);
  });

  it('rejects a missing layer at wiring time, naming its position', () => {
    expect(() => compose((n) => n, undefined as unknown as Layer)).toThrow(
      /layer #2 of compose\(\) to be a function/,
    );
  });
});
