/**
 * The first lesson's service, written the way a learner writes it (gort's `main` plus a chi-style
 * router and a blocking `listenAndServe`), run under the real runtime on every transport. It used
 * to be possible for a program whose only goroutine waits in `listenAndServe` to be declared
 * deadlocked; the mesh's keep-alive holds prevent that, and closing the server lets main return.
 */
import { describe, expect, it } from 'vitest';
import { chan, configure, go, main } from 'gort';
import { Router, get, json, listenAndServe, onListen, serve, text, type ListenerInfo } from 'gomesh';
import { TRANSPORTS, until, onFreshTransport } from './helpers.ts';

describe.each(TRANSPORTS)('a lesson service on $name', (tc) => {
  onFreshTransport(tc);

  it('serves under gort main, is not taken for deadlocked, and exits 0 once closed', async () => {
    const exits: number[] = [];
    const output: string[] = [];
    configure({ exit: (code) => exits.push(code), write: (_fd, text) => output.push(text) });
    let server: ListenerInfo | undefined;
    const off = onListen((l) => (server = l));

    const users = [{ id: 1, name: 'Ada' }];
    main(async () => {
      const r = new Router();
      r.get('/users', () => json(200, users));
      r.get('/users/{id}', (req) => {
        const user = users.find((u) => u.id === Number(req.param('id')));
        return user ? json(200, user) : json(404, { error: 'user not found' });
      });
      await listenAndServe('127.0.0.1:0', r, { name: 'users' });
    });

    await until(() => server !== undefined, 'the lesson service to listen');
    off();
    const s = server as ListenerInfo;
    expect(await (await get(`${s.url}/users/1`)).json()).toEqual({ id: 1, name: 'Ada' });
    expect((await get(`${s.url}/users/9`)).status).toBe(404);
    await new Promise((r) => setTimeout(r, 50)); // idle time in which a deadlock would be declared
    expect(exits).toEqual([]);
    expect(output.join('')).not.toContain('deadlock');
    await s.close();
    await until(() => exits.length > 0, 'main to return');
    expect(exits).toEqual([0]);
  });

  it('keeps a main parked on a channel alive while only a request can wake it', async () => {
    const exits: number[] = [];
    const output: string[] = [];
    configure({ exit: (code) => exits.push(code), write: (_fd, text) => output.push(text) });
    let server: ListenerInfo | undefined;
    let got: string | undefined;
    const off = onListen((l) => (server = l));
    main(async () => {
      const pinged = chan<string>();
      const r = new Router();
      r.get('/ping', () => {
        go(() => pinged.send('pinged'));
        return text(200, 'pong');
      });
      await serve('pinger', r);
      got = await pinged.recv(); // parked on a channel: no goroutine, no timer can wake it
    });
    await until(() => server !== undefined, 'the service to listen');
    off();
    await new Promise((r) => setTimeout(r, 50));
    expect(output.join('')).not.toContain('deadlock');
    expect(exits).toEqual([]);
    expect(await (await get(`${(server as ListenerInfo).url}/ping`)).text()).toBe('pong');
    await until(() => exits.length > 0, 'main to return');
    expect(exits).toEqual([0]);
    expect(got).toBe('pinged');
  });
});
