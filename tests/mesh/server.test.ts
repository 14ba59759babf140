/**
 * Services over the network, on every transport: serve + client, listenAndServe blocking like Go,
 * listeners()/onListen for the lab check, errors with stable codes, a handler that throws.
 */
import { describe, expect, it } from 'vitest';
import {
  ListenError,
  Router,
  UpstreamConnectError,
  get,
  json,
  listenAndServe,
  listeners,
  onListen,
  request,
  serve,
  text,
  type ListenerInfo,
} from 'gomesh';
import { TRANSPORTS, until, onFreshTransport } from './helpers.ts';

describe.each(TRANSPORTS)('services on $name', (tc) => {
  onFreshTransport(tc);

  it('serves a chi-style router and answers JSON to a client', async () => {
    const users = [{ id: 1, name: 'Ada' }];
    const r = new Router();
    r.get('/users', () => json(200, users));
    r.get('/users/{id}', (req) => {
      const user = users.find((u) => u.id === Number(req.param('id')));
      return user ? json(200, user) : json(404, { error: 'user not found' });
    });
    r.post('/users', async (req) => json(201, await req.json()));
    const s = await serve('users', r);
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const one = await get(`${s.url}/users/1`);
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual({ id: 1, name: 'Ada' });
    expect((await get(`${s.url}/users/2`)).status).toBe(404);
    const created = await request(`${s.url}/users`, { method: 'POST', json: { id: 2, name: 'Grace' } });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ id: 2, name: 'Grace' });
    expect((await request(`${s.url}/users/1`, { method: 'DELETE' })).headers.allow).toBe('GET, HEAD');
  });

  it('reports the processing time in server-timing so latency can be split', async () => {
    const s = await serve('timing', () => text(200, 'ok'));
    const res = await get(s.url + '/');
    expect(res.headers['server-timing']).toMatch(/^app;dur=\d+\.\d{3}$/);
  });

  it('lists listening instances and notifies new ones, and forgets closed ones', async () => {
    const seen: ListenerInfo[] = [];
    const off = onListen((l) => seen.push(l));
    const s = await serve('orders', () => text(200, 'ok'));
    off();
    expect(seen.map((l) => [l.name, l.url])).toEqual([['orders', s.url]]);
    expect(listeners().map((l) => l.name)).toContain('orders');
    await s.close();
    expect(listeners().map((l) => l.name)).not.toContain('orders');
  });

  it('blocks in listenAndServe until the server is closed, like http.ListenAndServe', async () => {
    let returned = false;
    const done = listenAndServe('127.0.0.1:0', () => text(200, 'hi'), { name: 'blocking' }).then(
      () => (returned = true),
    );
    await until(() => listeners().some((l) => l.name === 'blocking'), 'the server to listen');
    const info = listeners().find((l) => l.name === 'blocking') as ListenerInfo;
    expect(await (await get(info.url + '/')).text()).toBe('hi');
    expect(returned).toBe(false);
    await info.close();
    await done;
    expect(returned).toBe(true);
  });

  it('rejects a second listener on a taken port with ListenError naming the service', async () => {
    const s = await serve('first', () => text(200, '1'));
    await expect(serve('second', () => text(200, '2'), { port: s.port })).rejects.toThrow(ListenError);
    await expect(serve('second', () => text(200, '2'), { port: s.port })).rejects.toThrow(
      /"second" cannot listen on 127\.0\.0\.1:/,
    );
  });

  it('throws UpstreamConnectError naming the address when nothing listens', async () => {
    const s = await serve('gone', () => text(200, 'x'));
    await s.close();
    const err = await get(s.url + '/').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamConnectError);
    expect((err as UpstreamConnectError).code).toBe('UPSTREAM_CONNECT');
    expect((err as Error).message).toContain(`127.0.0.1:${s.port}`);
  });

  it('survives a handler that throws: 500 for that request, service for the next', async () => {
    let n = 0;
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const s = await serve('flaky', () => {
        if (n++ === 0) throw new Error('boom');
        return text(200, 'fine');
      });
      expect((await get(s.url + '/')).status).toBe(500);
      expect((await get(s.url + '/')).status).toBe(200);
      expect(String(errors[0])).toContain('http: panic serving flaky GET /: Error: boom');
    } finally {
      console.error = original;
    }
  });

  it('keeps request bodies and headers intact across the hop', async () => {
    const s = await serve('echo', async (req) =>
      json(200, { body: await req.text(), h: req.header('x-trace') ?? null, host: req.headers.host }),
    );
    const res = await request(`${s.url}/echo`, {
      method: 'PUT',
      body: 'héllo',
      headers: { 'X-Trace': 'abc' },
    });
    expect(await res.json()).toEqual({ body: 'héllo', h: 'abc', host: `127.0.0.1:${s.port}` });
  });
});
