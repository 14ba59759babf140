/**
 * The deadlock detector: when every goroutine is parked on the runtime and nothing can wake one,
 * the program prints `fatal error: all goroutines are asleep - deadlock!` and a dump of every
 * goroutine with Go's wait reason and creation site, and exits 2.
 */
import { chan, go, keepAlive, nilChan, recv, select, send } from 'gort';
import { Cond, Mutex, RWMutex, WaitGroup } from 'gort/sync';
import { Millisecond, newTicker, sleep } from 'gort/time';
import { runProgram } from 'gort/testing';
import { describe, expect, it } from 'vitest';

const HEADER = 'fatal error: all goroutines are asleep - deadlock!\n';

const blockedOn: [reason: string, block: () => Promise<unknown>][] = [
  ['chan receive', () => chan<number>().recv()],
  ['chan send', () => chan<number>().send(1)],
  ['chan receive (nil chan)', () => nilChan<number>().recv()],
  ['chan send (nil chan)', () => nilChan<number>().send(1)],
  ['select', () => select({ a: recv(chan<number>()), b: send(chan<number>(), 1) })],
  ['select (no cases)', () => select({})],
  [
    'sync.WaitGroup.Wait',
    () => {
      const wg = new WaitGroup();
      wg.add(1);
      return wg.wait();
    },
  ],
  [
    'sync.Mutex.Lock',
    async () => {
      const mu = new Mutex();
      await mu.lock();
      await mu.lock();
    },
  ],
  [
    'sync.RWMutex.Lock',
    async () => {
      const mu = new RWMutex();
      await mu.rLock();
      await mu.lock();
    },
  ],
  [
    'sync.RWMutex.RLock',
    async () => {
      const mu = new RWMutex();
      await mu.lock();
      await mu.rLock();
    },
  ],
  [
    'sync.Cond.Wait',
    async () => {
      const mu = new Mutex();
      await mu.lock();
      await new Cond(mu).wait();
    },
  ],
];

describe('deadlock detection', () => {
  it.each(blockedOn)('reports main blocked in [%s]', async (reason, block) => {
    const r = await runProgram(async () => {
      await block();
    });
    expect(r.stderr).toBe(`${HEADER}\ngoroutine 1 [${reason}]:\nmain.main()\n`);
    expect(r.exitCode).toBe(2);
  });

  it('dumps every goroutine with its wait reason and where it was created, like Go', async () => {
    const r = await runProgram(async () => {
      const ch = chan<number>();
      const wg = new WaitGroup();
      wg.add(1);
      go(async () => ch.send(1));
      go(async function worker(id: number) {
        await wg.wait();
        console.log(id);
      }, 7);
      go(async () => {
        go(async () => select({}));
        await nilChan<string>().recv();
      });
      await sleep(10);
      await ch.recv();
      await ch.recv();
    });
    expect(r.stderr).toBe(
      `${HEADER}
goroutine 1 [chan receive]:
main.main()

goroutine 3 [sync.WaitGroup.Wait]:
main.worker(...)
created by main.main in goroutine 1

goroutine 4 [chan receive (nil chan)]:
main.main.func2()
created by main.main in goroutine 1

goroutine 5 [select (no cases)]:
main.main.func2.1()
created by main.main.func2 in goroutine 4
`,
    );
    expect(r.exitCode).toBe(2);
  });

  it('names closures created in a loop as one function, as Go does', async () => {
    const r = await runProgram(async () => {
      const ch = chan<number>();
      for (let i = 0; i < 2; i++) go(async () => ch.send(i));
      await select({});
    });
    expect(r.stderr.match(/main\.main\.func1\(\)/g)).toHaveLength(2);
  });

  it('reports a deadlock on the virtual clock even while an unread ticker keeps ticking', async () => {
    const r = await runProgram(async () => {
      newTicker(Millisecond);
      await chan<void>().recv();
    });
    expect(r.stderr).toBe(`${HEADER}\ngoroutine 1 [chan receive]:\nmain.main()\n`);
    expect(r.exitCode).toBe(2);
  });

  it('does not report a deadlock while a sleeper will wake', async () => {
    const r = await runProgram(async () => {
      const ch = chan<string>();
      go(async () => {
        await sleep(5000);
        await ch.send('woke');
      });
      console.log(await ch.recv());
    });
    expect(r.stdout).toBe('woke\n');
    expect(r.exitCode).toBe(0);
  });

  it('does not report a deadlock while an HTTP-like keepAlive hold is active', async () => {
    const r = await runProgram(async () => {
      const responses = chan<string>();
      const release = keepAlive('pending request');
      // The "response" arrives from outside the runtime (a host callback), as a socket's would.
      setTimeout(() => {
        void responses.send('200 OK');
        release();
      }, 20);
      console.log(await responses.recv());
    });
    expect(r.stdout).toBe('200 OK\n');
    expect(r.exitCode).toBe(0);
  });

  it('reports the deadlock once the keepAlive hold is released and nothing else can wake main', async () => {
    const r = await runProgram(async () => {
      const release = keepAlive('listening server');
      setTimeout(release, 10);
      await chan<void>().recv();
    });
    expect(r.stderr.startsWith(HEADER)).toBe(true);
    expect(r.exitCode).toBe(2);
  });

  it('does not misjudge a goroutine awaiting a promise from outside the runtime', async () => {
    const r = await runProgram(async () => {
      const ch = chan<number>();
      go(async () => {
        const v = await new Promise<number>((resolve) => setTimeout(() => resolve(41), 20));
        await ch.send(v + 1);
      });
      console.log(await ch.recv());
    });
    expect(r.stdout).toBe('42\n');
    expect(r.exitCode).toBe(0);
  });
});
