/**
 * Channel semantics per the Go spec: unbuffered rendezvous, buffered FIFO, len/cap, close
 * (receivers drain, then zero and ok=false), range, nil channels, the zero value. Each case runs as
 * a program (virtual clock) and prints what a Go program would.
 */
import { cap, chan, close, go, len, nilChan, type Chan } from 'gort';
import { sleep } from 'gort/time';
import { describe, expect, it } from 'vitest';
import { output } from './output.ts';

describe('channels', () => {
  it('an unbuffered send waits until a receiver takes the value', async () => {
    const out = await output(async () => {
      const ch = chan<string>();
      go(async () => {
        await sleep(1000);
        console.log('receiving');
        console.log(await ch.recv());
      });
      console.log('sending');
      await ch.send('ping');
      console.log('sent');
    });
    expect(out).toBe('sending\nreceiving\nping\nsent\n');
  });

  it.each([0, 1, 2, 5, 9])('delivers values in FIFO order with capacity %i', async (capacity) => {
    const out = await output(async () => {
      const ch = chan<number>(capacity);
      go(async () => {
        for (let i = 0; i < 20; i++) await ch.send(i);
        ch.close();
      });
      const got: number[] = [];
      for await (const v of ch) got.push(v);
      console.log(got.join(','));
    });
    expect(out).toBe(`${Array.from({ length: 20 }, (_, i) => i).join(',')}\n`);
  });

  it('a buffered send completes without a receiver until the buffer is full', async () => {
    const out = await output(async () => {
      const ch = chan<number>(2);
      await ch.send(1);
      await ch.send(2);
      console.log(len(ch), cap(ch), ch.len, ch.cap);
      console.log(await ch.recv(), len(ch));
    });
    expect(out).toBe('2 2 2 2\n1 1\n');
  });

  it('receivers drain a closed channel, then get the zero value with ok = false', async () => {
    const out = await output(async () => {
      const ch = chan<number, number>(3, 0);
      await ch.send(7);
      await ch.send(8);
      close(ch);
      console.log(await ch.recv2(), await ch.recv2(), await ch.recv2(), await ch.recv());
    });
    expect(out).toBe('[ 7, true ] [ 8, true ] [ 0, false ] 0\n');
  });

  it('a channel without a zero value yields undefined once closed', async () => {
    const out = await output(async () => {
      const ch = chan<string>();
      ch.close();
      console.log(await ch.recv(), await ch.recv2());
    });
    expect(out).toBe('undefined [ undefined, false ]\n');
  });

  it('close wakes every blocked receiver', async () => {
    const out = await output(async () => {
      const ch = chan<number, number>(0, -1);
      const done = chan<string>();
      for (let i = 0; i < 3; i++) {
        go(async () => {
          const [v, ok] = await ch.recv2();
          await done.send(`${i}:${v}:${ok}`);
        });
      }
      await sleep(1);
      ch.close();
      const got = [await done.recv(), await done.recv(), await done.recv()].sort();
      console.log(got.join(' '));
    });
    expect(out).toBe('0:-1:false 1:-1:false 2:-1:false\n');
  });

  it('for await ... of ranges until the channel is closed and drained', async () => {
    const out = await output(async () => {
      const jobs = chan<number>(5);
      for (let j = 1; j <= 3; j++) await jobs.send(j);
      jobs.close();
      for await (const j of jobs) console.log('job', j);
      console.log('done');
    });
    expect(out).toBe('job 1\njob 2\njob 3\ndone\n');
  });

  it('a receive from a buffered channel with a blocked sender moves the sender’s value into the buffer', async () => {
    const out = await output(async () => {
      const ch = chan<number>(1);
      await ch.send(1);
      go(async () => {
        await ch.send(2);
        console.log('sender released');
      });
      await sleep(1);
      console.log(await ch.recv(), len(ch));
      await sleep(1);
      console.log(await ch.recv(), len(ch));
    });
    expect(out).toBe('1 1\nsender released\n2 0\n');
  });

  it('nil channels have len and cap 0', async () => {
    const out = await output(() => {
      const ch: Chan<number> = nilChan<number>();
      console.log(len(ch), cap(ch), len(null), cap(null));
    });
    expect(out).toBe('0 0 0 0\n');
  });

  it('go() does not run the goroutine before the caller blocks or yields', async () => {
    const out = await output(async () => {
      go(() => console.log('goroutine'));
      console.log('main first');
      await sleep(1);
    });
    expect(out).toBe('main first\ngoroutine\n');
  });

  it('go(f, args) passes the arguments', async () => {
    const out = await output(async () => {
      const ch = chan<number>();
      go(async (a: number, b: number) => ch.send(a + b), 2, 3);
      console.log(await ch.recv());
    });
    expect(out).toBe('5\n');
  });

  it('10,000 goroutines parked on one channel all wake on close', async () => {
    const out = await output(async () => {
      const gate = chan<void>();
      const done = chan<void>(10_000);
      for (let i = 0; i < 10_000; i++) {
        go(async () => {
          await gate.recv();
          await done.send();
        });
      }
      await sleep(1);
      gate.close();
      for (let i = 0; i < 10_000; i++) await done.recv();
      console.log('all woke');
    });
    expect(out).toBe('all woke\n');
  });
});
