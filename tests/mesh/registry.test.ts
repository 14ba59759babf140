/**
 * The registry on every transport: TTL expiry (passing -> critical -> removed), heartbeats,
 * active HTTP checks, blocking-query watch wake-ups, the client-side catalog following changes,
 * and instances registering again after the registry restarts with empty state.
 * Registry and clients run on manual clocks; only the HTTP round trips take real time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ServiceClient,
  UpstreamConnectError,
  closeAll,
  getTransport,
  linkTransport,
  manualClock,
  memoryTransport,
  onTraffic,
  serve,
  setTransport,
  text,
  type ManualClock,
  type TrafficRequest,
} from 'gomesh';
import {
  Catalog,
  Registry,
  RegistryClient,
  availability,
  startRegistry,
  type RegistryServer,
} from 'gomesh/registry';
import { chan, go, recv, select } from 'gort';
import * as context from 'gort/context';
import { runProgram } from 'gort/testing';
import { newTicker, now, since, sleep } from 'gort/time';
import { TRANSPORTS, until, onFreshTransport } from './helpers.ts';

describe.each(TRANSPORTS)('registry on $name', (tc) => {
  let clock: ManualClock;
  let reg: RegistryServer;
  onFreshTransport(tc);
  beforeEach(async () => {
    clock = manualClock();
    reg = await startRegistry({ clock, deregisterCriticalAfterMs: 5000 });
  });
  afterEach(async () => {
    await reg.close();
  });

  const spec = (port: number, extra = {}) => ({ name: 'users', address: '127.0.0.1', port, ...extra });

  it('marks an instance critical when its TTL passes without a heartbeat, then removes it', async () => {
    const client = new RegistryClient(reg.url, { clock: manualClock() }); // its clock never moves: no heartbeats
    await client.register(spec(9001, { ttlMs: 1000, meta: { version: 'v1' } }));
    const first = await client.health('users');
    expect(first.instances.map((i) => [i.id, i.status, i.meta.version])).toEqual([
      ['users-127.0.0.1:9001', 'passing', 'v1'],
    ]);
    clock.advance(999);
    expect((await client.health('users')).instances[0]?.status).toBe('passing');
    clock.advance(1);
    const critical = await client.health('users');
    expect(critical.instances[0]?.status).toBe('critical');
    expect(critical.index).toBeGreaterThan(first.index);
    expect((await client.health('users', { passing: true })).instances).toEqual([]);
    clock.advance(5000);
    expect((await client.health('users')).instances).toEqual([]);
  });

  it('keeps a heartbeating instance passing and records its availability', async () => {
    const clientClock = manualClock();
    const client = new RegistryClient(reg.url, { clock: clientClock });
    await client.register(spec(9002, { ttlMs: 300 }));
    for (let i = 0; i < 10; i++) {
      clientClock.advance(100);
      clock.advance(100);
      await until(() => clientClock.pending() === 1, 'the heartbeat round trip');
    }
    const [info] = (await client.health('users')).instances;
    expect(info?.status).toBe('passing');
    expect(info?.totalMs).toBe(1000);
    expect(availability(info as NonNullable<typeof info>)).toBe(1);
  });

  it('turns an instance critical when its active HTTP check fails', async () => {
    let healthy = true;
    const svc = await serve('checked', () => (healthy ? text(200, 'ok') : text(500, 'sick')));
    const client = new RegistryClient(reg.url, { clock: manualClock() });
    await client.register({
      name: 'checked',
      address: '127.0.0.1',
      port: svc.port,
      check: { http: `${svc.url}/health`, intervalMs: 1000 },
    });
    healthy = false;
    clock.advance(1000);
    await until(
      async () => (await client.health('checked')).instances[0]?.status === 'critical',
      'the check to fail',
    );
    healthy = true;
    clock.advance(1000);
    await until(
      async () => (await client.health('checked')).instances[0]?.status === 'passing',
      'the check to pass again',
    );
  });

  it('wakes a blocking query when the service changes, and answers at the wait timeout otherwise', async () => {
    const client = new RegistryClient(reg.url, { clock: manualClock(), ttlMs: 3_600_000 });
    await client.register(spec(9003));
    const { index } = await client.health('users');
    let woke = false;
    const blocked = clock.pending();
    const watch = client.health('users', { index, waitMs: 60_000 }).then((a) => ((woke = true), a));
    // The registry arms the query's wait timer once the query blocks: then it has not answered.
    await until(() => clock.pending() === blocked + 1, 'the query to block');
    expect(woke).toBe(false);
    await client.register(spec(9004));
    const answer = await watch;
    expect(answer.index).toBeGreaterThan(index);
    expect(answer.instances.map((i) => i.port)).toEqual([9003, 9004]);

    const idle = client.health('users', { index: answer.index, waitMs: 30_000 });
    const ttlTimers = clock.pending();
    await until(() => clock.pending() === ttlTimers + 1, 'the query to block');
    clock.advance(30_000);
    expect((await idle).index).toBe(answer.index);
  });

  it('feeds a client-side catalog that follows registrations and deregistrations', async () => {
    const client = new RegistryClient(reg.url, { clock: manualClock() });
    const catalog = new Catalog(client);
    try {
      const a = await client.register(spec(9005));
      expect((await catalog.endpoints('users')).map((e) => e.id)).toEqual(['127.0.0.1:9005']);
      await client.register(spec(9006));
      await until(() => catalog.peek('users')?.length === 2, 'the catalog to see the second instance');
      await a.deregister();
      await until(() => catalog.peek('users')?.length === 1, 'the catalog to drop the first instance');
      expect(catalog.peek('users')?.[0]?.url).toBe('http://127.0.0.1:9006');
    } finally {
      catalog.close();
    }
  });

  it('has a served instance register again after the registry restarts empty', async () => {
    const clientClock = manualClock();
    const client = new RegistryClient(reg.url, { clock: clientClock });
    const svc = await serve('users', () => text(200, 'ok'), { registry: client, ttlMs: 300 });
    expect((await client.health('users')).instances.map((i) => i.id)).toEqual([svc.instanceId]);
    const port = reg.port;
    await reg.close();
    reg = await startRegistry({ clock, port });
    expect((await client.health('users')).instances).toEqual([]);
    await until(async () => {
      clientClock.advance(100);
      await new Promise((r) => setTimeout(r, 10));
      return (await client.health('users')).instances.length === 1;
    }, 'the instance to register again');
    expect((await client.health('users')).instances[0]?.id).toBe(svc.instanceId);
    await svc.close();
    expect((await client.health('users')).instances).toEqual([]); // closing deregisters
  });

  it('answers a heartbeat with true for a known instance and false for one the registry forgot', async () => {
    const client = new RegistryClient(reg.url, { clock: manualClock() });
    const { id } = await client.register(spec(9007, { ttlMs: 1000 }));
    expect(await client.heartbeat(id)).toBe(true);
    expect(await client.deregister(id)).toBe(true);
    expect(await client.heartbeat(id)).toBe(false);
  });

  it('rejects an invalid registration with 400 and a message naming the field', async () => {
    const client = new RegistryClient(reg.url);
    await expect(client.register({ name: 'users', address: '127.0.0.1', port: 0 })).rejects.toThrow(
      /refused "users": .*Expected `port` to be a finite number between 1 and 65535, got 0/,
    );
  });
});

describe('a registry given as a URL', () => {
  afterEach(async () => {
    await closeAll();
  });

  it('is reached over the transport given to serve() and ServiceClient, not the default one', async () => {
    // The default network is empty: anything sent over it instead of `transport` fails to connect.
    const previous = getTransport();
    setTransport(memoryTransport());
    const transport = memoryTransport({ firstEphemeralPort: 50000 });
    const reg = await startRegistry({ transport });
    const svc = await serve('users', () => text(200, 'over memory'), { registry: reg.url, transport });
    const client = new ServiceClient({ registry: reg.url, transport });
    try {
      const [info] = reg.registry.health('users').instances;
      expect(info?.id).toBe(svc.instanceId);
      expect(info?.port).toBe(svc.port);
      expect(await (await client.get('users', '/')).text()).toBe('over memory');
      await svc.close();
      expect(reg.registry.health('users').instances).toEqual([]); // deregistered over `transport` too
    } finally {
      client.close();
      await reg.close();
      setTransport(previous);
    }
  });
});

describe('a blocking health query from a goroutine on the virtual clock', () => {
  // Awaiting waitForChange in a goroutine froze the virtual clock (an unknown promise counts as a
  // syscall), so a watcher waiting for a TTL to expire hung; blockingHealth parks it as IO wait.
  it('wakes at the change (a TTL expiring) and at the wait timeout, in virtual time', async () => {
    const seen: string[] = [];
    const program = await runProgram(async () => {
      const start = now();
      const registry = new Registry();
      registry.register({ name: 'api', address: '10.0.0.1', port: 80, ttlMs: 15_000 });
      const first = await registry.blockingHealth('api', { passing: true });
      seen.push(`${since(start)} ${first.instances.length}`);
      const expired = await registry.blockingHealth('api', { index: first.index, passing: true });
      seen.push(`${since(start)} ${expired.instances.length}`);
      const quiet = await registry.blockingHealth('other', { index: 1, waitMs: 5000 });
      seen.push(`${since(start)} ${quiet.index}`);
      registry.close();
    });
    expect(program.exitCode).toBe(0);
    expect(seen).toEqual(['0 1', '15000 0', '20000 1']);
  });
});

describe('a blocking health query over HTTP from a goroutine on the virtual clock', () => {
  // The registry server's handler awaited waitForChange itself: the handler goroutine counted as in
  // a syscall and froze the virtual clock that the TTL expiry and the wait timeout run on.
  it('answers at the TTL expiry and at the wait timeout, in virtual time', async () => {
    const seen: string[] = [];
    const previous = getTransport();
    setTransport(memoryTransport());
    try {
      const program = await runProgram(async () => {
        const start = now();
        const reg = await startRegistry();
        const client = new RegistryClient(reg.url);
        // Registered without a client's heartbeats: its TTL expires 15 s in.
        reg.registry.register({ name: 'api', address: '10.0.0.1', port: 80, ttlMs: 15_000 });
        const first = await client.health('api', { passing: true });
        seen.push(`${since(start)} ${first.instances.length}`);
        const expired = await client.health('api', { passing: true, index: first.index });
        seen.push(`${since(start)} ${expired.instances.length}`);
        const quiet = await client.health('other', { index: expired.index, waitMs: 5000 });
        seen.push(`${since(start)} ${quiet.instances.length}`);
        await reg.close();
      });
      expect(program.exitCode, program.stderr).toBe(0);
    } finally {
      setTransport(previous);
    }
    expect(seen).toEqual(['0 1', '15000 0', '20000 0']);
  });
});

describe('a registry client in goroutines on the virtual clock', () => {
  // The lab of the registry lesson: an instance keeps its own registration alive (registerOnce,
  // heartbeat, deregister) over a link that takes 100 ms, while a watcher long-polls. The client's
  // calls used to await the network without parking their goroutine: the virtual clock the link's
  // latency runs on stood still, and a registry handler that parked "the current goroutine" for its
  // long poll parked someone else's.
  it('registers once, renews, deregisters and is cut off, in virtual time, with traffic records from its caller', async () => {
    const seen: string[] = [];
    const records: TrafficRequest[] = [];
    let failure: unknown;
    let t0 = 0;
    const previous = getTransport();
    setTransport(memoryTransport());
    const stop = onTraffic((e) => {
      if (e.kind === 'request') records.push(e);
    });
    try {
      const program = await runProgram(async () => {
        const start = now();
        const reg = await startRegistry();
        const link = linkTransport({ latencyMs: 100 });
        const client = new RegistryClient(reg.url, { transport: link, caller: 'api-1' });
        const watcher = new RegistryClient(reg.url, { caller: 'watcher' });
        const watched = chan<undefined>();
        let watching = true;
        go(async () => {
          let index = 0;
          let last = '';
          while (watching) {
            const answer = await watcher.health('api', { passing: true, index, waitMs: 60_000 });
            index = answer.index;
            const ids = answer.instances.map((i) => i.id).join(' ');
            if (ids !== last) seen.push(`${since(start)} [${ids}]`);
            last = ids;
          }
          watched.close();
        });
        t0 = records.length;
        // Registered at 100 ms; nobody beats, so the lease runs out at 15.1 s.
        const id = await client.registerOnce({
          id: 'api-1',
          name: 'api',
          address: '10.0.0.1',
          port: 80,
          ttlMs: 15_000,
        });
        await sleep(20_000 - since(start));
        expect(await client.heartbeat(id)).toBe(true); // passing again at 20.1 s
        await sleep(25_000 - since(start));
        expect(await client.deregister(id)).toBe(true); // gone at 25.1 s
        expect(await client.heartbeat(id)).toBe(false); // the registry no longer knows it
        link.cut();
        try {
          await client.heartbeat(id);
        } catch (e) {
          failure = e;
        }
        watching = false;
        await reg.close();
        await watched.recv();
      });
      expect(program.exitCode, program.stderr).toBe(0);
    } finally {
      stop();
      setTransport(previous);
    }
    expect(seen).toEqual(['100 [api-1]', '15100 []', '20100 [api-1]', '25100 []']);
    expect(failure).toBeInstanceOf(UpstreamConnectError);
    const mine = records.slice(t0).filter((r) => r.from === 'api-1');
    const first = mine[0]?.start ?? 0;
    expect(mine.map((r) => [r.to, r.start - first, r.durationMs, r.status, r.code])).toEqual([
      ['registry', 0, 100, 200, undefined], // registerOnce
      ['registry', 20_000, 100, 200, undefined], // heartbeat
      ['registry', 25_000, 100, 200, undefined], // deregister
      ['registry', 25_100, 100, 404, undefined], // heartbeat of an unknown id
      ['registry', 25_200, 0, 503, 'UPSTREAM_CONNECT'], // heartbeat after the cut
    ]);
    expect(records.some((r) => r.from === 'watcher' && r.to === 'registry')).toBe(true);
  });

  it('has a watcher see a killed instance leave at its last beat + TTL while another beats on, and ends', async () => {
    // Two instances beat every 5 s from goroutines of their own over 100 ms links; api-2 is killed
    // at 12 s. The registry's long-poll handler used to park "the current goroutine" (someone
    // else's: it runs outside any goroutine) and this program never ended.
    const seen: string[] = [];
    const previous = getTransport();
    setTransport(memoryTransport());
    try {
      const program = await runProgram(async () => {
        const start = now();
        const reg = await startRegistry();
        const [watching, stopWatching] = context.withCancel(context.background());
        const watched = chan<undefined>();
        const watcher = new RegistryClient(reg.url);
        go(async () => {
          let index = 0;
          while (watching.err() === null) {
            const answer = await watcher.health('api', { passing: true, index, waitMs: 60_000 });
            index = answer.index;
            seen.push(`${since(start)} [${answer.instances.map((i) => i.id).join(' ')}]`);
          }
          watched.close();
        });
        const instance = (id: string) => {
          const [ctx, cancel] = context.withCancel(context.background());
          const link = linkTransport({ latencyMs: 100 });
          const client = new RegistryClient(reg.url, { transport: link });
          const exited = chan<undefined>();
          go(async () => {
            await client.registerOnce({ id, name: 'api', address: '10.0.0.1', port: 80, ttlMs: 15_000 });
            const ticker = newTicker(5000);
            for (;;) {
              const r = await select({ tick: recv(ticker.c), done: recv(ctx.done()) });
              if (r.case === 'done') break;
              await client.heartbeat(id);
            }
            ticker.stop();
            if (!link.isCut) await client.deregister(id);
            exited.close();
          });
          return { link, cancel, exited };
        };
        const api1 = instance('api-1');
        const api2 = instance('api-2');
        await sleep(12_000);
        api2.link.cut();
        api2.cancel();
        await api2.exited.recv();
        await sleep(32_000 - since(start));
        api1.cancel();
        await api1.exited.recv();
        stopWatching();
        await reg.close();
        await watched.recv();
      });
      expect(program.exitCode, program.stderr).toBe(0);
    } finally {
      setTransport(previous);
    }
    // Both registered at 100 ms; api-2's last beat arrived at 10.2 s; api-1 left at 32.1 s.
    expect(seen).toEqual([
      '0 []',
      '100 [api-1 api-2]',
      '25200 [api-1]',
      '32100 []',
      '32100 []', // the answer to the last long poll, cut short by close
    ]);
  });

  it('fails a request still on its way when the link is cut, and sends nothing from a link without a caller', async () => {
    const records: TrafficRequest[] = [];
    const previous = getTransport();
    setTransport(memoryTransport());
    const stop = onTraffic((e) => {
      if (e.kind === 'request') records.push(e);
    });
    const outcome: string[] = [];
    try {
      const program = await runProgram(async () => {
        const start = now();
        const reg = await startRegistry();
        const link = linkTransport({ latencyMs: 1000 });
        const quiet = new RegistryClient(reg.url, { transport: link });
        const done = chan<undefined>();
        go(async () => {
          try {
            await quiet.registerOnce({ name: 'api', address: '10.0.0.1', port: 80 });
            outcome.push('registered');
          } catch (e) {
            outcome.push(`${since(start)} ${(e as Error).name}`);
          }
          done.close();
        });
        await sleep(500);
        link.cut(); // the registration is half way there
        await done.recv();
        outcome.push(`${JSON.stringify(reg.registry.services())}`);
        await reg.close();
      });
      expect(program.exitCode, program.stderr).toBe(0);
    } finally {
      stop();
      setTransport(previous);
    }
    expect(outcome).toEqual(['1000 UpstreamConnectError', '{}']);
    expect(records).toEqual([]);
  });
});
