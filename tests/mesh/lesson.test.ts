/**
 * The first lesson's service, written the way a learner writes it (gort's `main` plus a chi-style
 * router), run under the real runtime on every transport, while main is parked on a channel that
 * only a request can wake: then only the mesh's keep-alive holds (a listening server, a pending
 * request) tell the deadlock detector that the program is not stuck. Both tests fail with the holds
 * disabled (src/mesh/keep-alive.ts returning a no-op), which the first one did not, when main
 * waited in `listenAndServe`: a main blocked there awaits outside I/O (a syscall to the runtime),
 * which never counts as a deadlock with or without holds (a lab's Run of such a service is covered
 * by the runner contract suite, tests/lab/runner-contract.ts).
 */
import { describe, expect, it } from 'vitest';
import { chan, configure, go, main } from 'gort';
import { Router, get, json, onListen, request, serve, text, type ListenerInfo } from 'gomesh';
import { TRANSPORTS, until, onFreshTransport } from './helpers.ts';

/**
 * Lets the host take 20 turns of its event loop: the runtime's idle check (where a deadlock is
 * declared) is one macrotask after the last goroutine parks, so it has long run by then. Counted in
 * turns, not milliseconds, so a slow machine changes nothing.
 */
async function hostTurns(n = 20): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe.each(TRANSPORTS)('a lesson service on $name', (tc) => {
  onFreshTransport(tc);

  it('serves while main waits for a request to shut it down, is not taken for deadlocked, and exits 0 once closed', async () => {
    const exits: number[] = [];
    const output: string[] = [];
    configure({ exit: (code) => exits.push(code), write: (_fd, text) => output.push(text) });
    let server: ListenerInfo | undefined;
    const off = onListen((l) => (server = l));

    const users = [{ id: 1, name: 'Ada' }];
    main(async () => {
      const quit = chan<void>();
      const r = new Router();
      r.get('/users', () => json(200, users));
      r.get('/users/{id}', (req) => {
        const user = users.find((u) => u.id === Number(req.param('id')));
        return user ? json(200, user) : json(404, { error: 'user not found' });
      });
      r.post('/quit', () => {
        quit.close();
        return text(200, 'bye');
      });
      const service = await serve('users', r);
      await quit.recv(); // Go's `<-quit`: parked on a channel, and only a request can close it
      await service.close();
    });

    await until(() => server !== undefined, 'the lesson service to listen');
    off();
    const s = server as ListenerInfo;
    expect(await (await get(`${s.url}/users/1`)).json()).toEqual({ id: 1, name: 'Ada' });
    expect((await get(`${s.url}/users/9`)).status).toBe(404);
    await hostTurns(); // the turns in which a deadlock would be declared
    expect(output.join('')).not.toContain('deadlock');
    expect(exits).toEqual([]);
    expect(await (await request(`${s.url}/quit`, { method: 'POST' })).text()).toBe('bye');
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
    await hostTurns();
    expect(output.join('')).not.toContain('deadlock');
    expect(exits).toEqual([]);
    expect(await (await get(`${(server as ListenerInfo).url}/ping`)).text()).toBe('pong');
    await until(() => exits.length > 0, 'main to return');
    expect(exits).toEqual([0]);
    expect(got).toBe('pinged');
  });
});
