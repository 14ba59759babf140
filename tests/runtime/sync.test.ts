/** gort/sync: WaitGroup (with go), Mutex, RWMutex, Once, Cond, as lesson programs use them. */
import { chan, go } from 'gort';
import { Cond, Mutex, Once, RWMutex, WaitGroup } from 'gort/sync';
import { Millisecond, sleep } from 'gort/time';
import { describe, expect, it } from 'vitest';
import { output } from './output.ts';

describe('WaitGroup', () => {
  it('wait returns once every added goroutine is done', async () => {
    const out = await output(async () => {
      const wg = new WaitGroup();
      for (let i = 1; i <= 3; i++) {
        wg.add(1);
        go(async () => {
          await sleep(i * Millisecond);
          console.log('worker', i, 'done');
          wg.done();
        });
      }
      await wg.wait();
      console.log('all done');
    });
    expect(out).toBe('worker 1 done\nworker 2 done\nworker 3 done\nall done\n');
  });

  it('go(f) adds, runs f in a goroutine and marks it done (Go 1.25)', async () => {
    const out = await output(async () => {
      const wg = new WaitGroup();
      let n = 0;
      for (let i = 0; i < 5; i++) wg.go(() => void n++);
      await wg.wait();
      console.log(n);
    });
    expect(out).toBe('5\n');
  });

  it('wait with a zero counter returns at once, and several waiters all wake', async () => {
    const out = await output(async () => {
      const wg = new WaitGroup();
      await wg.wait();
      wg.add(1);
      const woke = chan<number, number>(2, 0);
      go(async () => (await wg.wait(), woke.send(1)));
      go(async () => (await wg.wait(), woke.send(2)));
      await sleep(1);
      wg.done();
      console.log((await woke.recv()) + (await woke.recv()));
    });
    expect(out).toBe('3\n');
  });
});

describe('Mutex', () => {
  it('serializes critical sections that await inside them', async () => {
    const out = await output(async () => {
      const mu = new Mutex();
      let counter = 0;
      const wg = new WaitGroup();
      for (let i = 0; i < 10; i++) {
        wg.go(async () => {
          await mu.lock();
          const v = counter;
          await sleep(1); // without the lock, every goroutine would read the same value
          counter = v + 1;
          mu.unlock();
        });
      }
      await wg.wait();
      console.log(counter);
    });
    expect(out).toBe('10\n');
  });

  it('tryLock succeeds only when the mutex is free', async () => {
    const out = await output(() => {
      const mu = new Mutex();
      const first = mu.tryLock();
      const second = mu.tryLock();
      mu.unlock();
      console.log(first, second, mu.tryLock());
    });
    expect(out).toBe('true false true\n');
  });

  it('hands the lock to waiters in arrival order', async () => {
    const out = await output(async () => {
      const mu = new Mutex();
      await mu.lock();
      const order: number[] = [];
      const wg = new WaitGroup();
      for (let i = 0; i < 3; i++) {
        wg.go(async () => {
          await mu.lock();
          order.push(i);
          mu.unlock();
        });
      }
      await sleep(1);
      mu.unlock();
      await wg.wait();
      console.log(order.join(','));
    });
    expect(out).toBe('0,1,2\n');
  });
});

describe('RWMutex', () => {
  it('admits readers together and a writer alone; a waiting writer holds off new readers', async () => {
    const out = await output(async () => {
      const rw = new RWMutex();
      const log: string[] = [];
      await rw.rLock();
      await rw.rLock();
      log.push(`tryLock with readers: ${rw.tryLock()}`);
      go(async () => {
        await rw.lock();
        log.push('writer in');
        rw.unlock();
      });
      await sleep(1);
      log.push(`tryRLock with a waiting writer: ${rw.tryRLock()}`);
      go(async () => {
        await rw.rLock();
        log.push('late reader in');
        rw.rUnlock();
      });
      await sleep(1);
      rw.rUnlock();
      rw.rUnlock();
      await sleep(1);
      console.log(log.join('\n'));
    });
    expect(out).toBe(
      'tryLock with readers: false\ntryRLock with a waiting writer: false\nwriter in\nlate reader in\n',
    );
  });
});

describe('Once', () => {
  it('runs the function once; concurrent callers wait for it to finish', async () => {
    const out = await output(async () => {
      const once = new Once();
      let runs = 0;
      const wg = new WaitGroup();
      for (let i = 0; i < 3; i++) {
        wg.go(async () => {
          await once.do(async () => {
            await sleep(10);
            runs++;
          });
          console.log('after do, runs =', runs);
        });
      }
      await wg.wait();
    });
    expect(out).toBe('after do, runs = 1\n'.repeat(3));
  });
});

describe('Cond', () => {
  it('signal wakes one waiter, broadcast wakes all, each relocking L', async () => {
    const out = await output(async () => {
      const mu = new Mutex();
      const cond = new Cond(mu);
      let ready = 0;
      const wg = new WaitGroup();
      for (let i = 0; i < 3; i++) {
        wg.go(async () => {
          await mu.lock();
          while (ready === 0) await cond.wait();
          console.log('woke', i, 'holding the lock:', !mu.tryLock());
          ready--;
          mu.unlock();
        });
      }
      await sleep(1);
      await mu.lock();
      ready = 1;
      cond.signal();
      mu.unlock();
      await sleep(1);
      await mu.lock();
      ready = 2;
      cond.broadcast();
      mu.unlock();
      await wg.wait();
    });
    expect(out).toBe(
      'woke 0 holding the lock: true\nwoke 1 holding the lock: true\nwoke 2 holding the lock: true\n',
    );
  });
});
