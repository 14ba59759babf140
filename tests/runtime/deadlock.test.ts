/**
 * The deadlock detector: when every goroutine is parked on the runtime and nothing can wake one,
 * the program prints `fatal error: all goroutines are asleep - deadlock!` and a dump of every
 * goroutine with Go's wait reason and creation site, and exits 2.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chan, go, keepAlive, nilChan, recv, select, send } from 'gort';
import { Cond, Mutex, RWMutex, WaitGroup } from 'gort/sync';
import {
  Hour,
  Millisecond,
  Minute,
  Nanosecond,
  after,
  formatDuration,
  newTicker,
  newTimer,
  now,
  since,
  sleep,
} from 'gort/time';
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

  it('reports a deadlock when main is blocked forever and only an unread ticker is alive', async () => {
    const r = await runProgram(async () => {
      newTicker(Millisecond);
      await chan<void>().recv();
    });
    expect(r.stderr).toBe(`${HEADER}\ngoroutine 1 [chan receive]:\nmain.main()\n`);
    expect(r.exitCode).toBe(2);
  });

  // Issue #10: the virtual clock used to step through every tick of an unread ticker and call the
  // program deadlocked after 10,000 steps that woke nobody, although main was merely sleeping.
  it.each([
    ['an unread ticker', () => void newTicker(Millisecond)],
    ['an unread after()', () => void after(Millisecond)],
    ['an unread timer', () => void newTimer(Nanosecond)],
  ])(
    'does not call a sleeping program deadlocked because of %s, and it costs nothing',
    async (_what, make) => {
      const r = await runProgram(
        async () => {
          make();
          await sleep(Minute);
          console.log('done');
        },
        { trace: true },
      );
      expect(r.stdout).toBe('done\n');
      expect(r.exitCode).toBe(0);
      // The sleep's timer is the only one that ever fires: nobody reads the other one.
      expect(r.trace.filter((e) => e.type === 'timer.fire')).toHaveLength(1);
    },
  );

  it('reports a deadlock at once when the select that waited on after() took another case', async () => {
    // The after(Hour) timer waits in the heap only while the select is blocked on its channel;
    // once the select is decided it leaves, so nothing is pending and main is deadlocked.
    const r = await runProgram(
      async () => {
        const ch = chan<number>();
        go(async () => ch.send(1));
        await select({ v: recv(ch), timeout: recv(after(Hour)) });
        await chan<void>().recv();
      },
      { trace: true },
    );
    expect(r.stderr).toBe(`${HEADER}\ngoroutine 1 [chan receive]:\nmain.main()\n`);
    expect(r.trace.some((e) => e.type === 'timer.fire')).toBe(false);
  });

  it('does not report a deadlock while a goroutine waits on a ticker, however long it takes', async () => {
    const r = await runProgram(async () => {
      const t = newTicker(Hour);
      const start = now();
      for (let i = 0; i < 3; i++) await t.c.recv();
      t.stop();
      console.log(formatDuration(since(start)));
    });
    expect(r.stdout).toBe('3h0m0s\n');
    expect(r.exitCode).toBe(0);
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

  it('does not report a deadlock while main awaits a real HTTP request (Go: a goroutine in a syscall)', async () => {
    const server = createServer((_req, res) => void setTimeout(() => res.end('pong'), 50));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const r = await runProgram(
        async () => {
          go(async () => chan<void>().recv()); // parked for good: only the request can end this
          const res = await fetch(`http://127.0.0.1:${port}/`);
          console.log(res.status, await res.text());
        },
        { clock: 'real' },
      );
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe('200 pong\n');
    } finally {
      server.closeAllConnections();
      server.close();
    }
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
