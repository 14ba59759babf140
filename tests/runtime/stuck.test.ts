/**
 * The stuck report (src/runtime/stuck.ts): when a program deadlocks, or main returns while other
 * goroutines are alive, the runtime says, beside Go's dump, what each goroutine waits on.
 */
import { chan, go, recv, select, send } from 'gort';
import { Mutex, RWMutex, WaitGroup } from 'gort/sync';
import { sleep } from 'gort/time';
import { runProgram } from 'gort/testing';
import { describe, expect, it } from 'vitest';

describe('the stuck report of a deadlock', () => {
  it('names the channel main waits to send on (the ping-pong deadlock)', async () => {
    const r = await runProgram(async () => {
      const ping = chan<string>();
      await ping.send('ping');
    });
    expect(r.exitCode).toBe(2);
    expect(r.stuck).toEqual({
      kind: 'deadlock',
      goroutines: [
        { id: 1, name: 'main.main', reason: 'chan send', at: null, waits: [{ op: 'send', object: 0 }] },
      ],
      objects: [{ kind: 'chan', id: 1, holders: [], cap: 0, len: 0, closed: false }],
    });
  });

  it('links a mutex to the goroutine holding it (A waits for B’s mutex, B for a channel)', async () => {
    const r = await runProgram(async () => {
      const mu = new Mutex();
      const done = chan<void>();
      go(async function worker() {
        await mu.lock(); // held by main: blocks for ever
        await done.send();
      });
      await mu.lock();
      await done.recv();
    });
    expect(r.stuck?.kind).toBe('deadlock');
    const [main, worker] = r.stuck!.goroutines;
    expect(main).toMatchObject({ id: 1, reason: 'chan receive', waits: [{ op: 'recv' }] });
    expect(worker).toMatchObject({
      id: 2,
      name: 'main.worker',
      reason: 'sync.Mutex.Lock',
      waits: [{ op: 'lock' }],
    });
    // Used to break: without the holder, the picture had no edge back to main and showed no cycle.
    expect(r.stuck!.objects[worker!.waits[0]!.object]).toEqual({ kind: 'mutex', id: 1, holders: [1] });
    expect(r.stuck!.objects[main!.waits[0]!.object]).toMatchObject({ kind: 'chan', cap: 0 });
  });

  it('lists every case of a parked select with its case name', async () => {
    const r = await runProgram(async () => {
      const results = chan<number>(1);
      const quit = chan<void>();
      await results.send(1);
      await select({ out: send(results, 2), quit: recv(quit) });
    });
    const [main] = r.stuck!.goroutines;
    expect(main!.reason).toBe('select');
    expect(main!.waits).toEqual([
      { op: 'send', object: 0, case: 'out' },
      { op: 'recv', object: 1, case: 'quit' },
    ]);
    expect(r.stuck!.objects).toEqual([
      { kind: 'chan', id: 1, holders: [], cap: 1, len: 1, closed: false },
      { kind: 'chan', id: 2, holders: [], cap: 0, len: 0, closed: false },
    ]);
  });

  it('shares one object between goroutines blocked on it, and names a WaitGroup’s counter', async () => {
    const r = await runProgram(async () => {
      const wg = new WaitGroup();
      const rw = new RWMutex();
      await rw.lock();
      wg.add(2);
      go(async function reader() {
        await rw.rLock();
        wg.done();
      });
      go(async function reader() {
        await rw.rLock();
        wg.done();
      });
      await wg.wait();
    });
    const [main, a, b] = r.stuck!.goroutines;
    expect(main!.waits).toEqual([{ op: 'wait', object: 0 }]);
    expect(a!.waits).toEqual([{ op: 'rlock', object: 1 }]);
    expect(b!.waits).toEqual([{ op: 'rlock', object: 1 }]);
    expect(r.stuck!.objects).toEqual([
      { kind: 'waitgroup', id: 1, holders: [], count: 2 },
      { kind: 'rwmutex', id: 1, holders: [1], readers: 0 },
    ]);
  });

  it('leaves Go’s dump text byte for byte as Go prints it', async () => {
    const r = await runProgram(async () => {
      await chan<number>().recv();
    });
    expect(r.stuck?.goroutines).toHaveLength(1);
    expect(r.stderr).toBe(
      'fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\nmain.main()\n',
    );
  });
});

describe('the stuck report of main returning (leaks)', () => {
  it('lists the goroutines main left blocked, sleeping or runnable', async () => {
    const r = await runProgram(async () => {
      const results = chan<number>();
      go(async function worker() {
        await results.send(42); // nobody receives: leaked
      });
      go(async function sleeper() {
        await sleep(1000);
      });
      await sleep(1); // both have started and parked
      go(async function late() {});
    });
    expect(r.exitCode).toBe(0);
    expect(r.stuck?.kind).toBe('leak');
    expect(r.stuck!.goroutines.map((g) => [g.id, g.name, g.reason, g.waits.map((w) => w.op)])).toEqual([
      [2, 'main.worker', 'chan send', ['send']],
      [3, 'main.sleeper', 'sleep', []],
      [4, 'main.late', 'runnable', []],
    ]);
  });

  it('is not reported when every goroutine finished before main returned', async () => {
    const r = await runProgram(async () => {
      const wg = new WaitGroup();
      wg.go(() => undefined);
      await wg.wait();
    });
    expect(r.exitCode).toBe(0);
    expect(r.stuck).toBeNull();
  });
});
