/**
 * Port of Go's test/chan/nonblock.go (package main, func main): non-blocking sends and receives
 * (a select with a default case) over channels of capacity 0 and 1, for four element types. An
 * empty channel must not yield a value; a non-blocking send must eventually meet a receiver that
 * is parked, and a non-blocking receive a sender that is parked (or a buffered value).
 *
 * Adapted: Go's `sleep()` waits for two ticks of a 10 µs ticker and calls `runtime.Gosched()` three
 * times; here the ticker ticks every virtual millisecond and gort's `gosched()` yields. Go
 * retries up to maxTries = 10000 times before failing; so does the port.
 */
import { chan, go, panic, recv, select, send, type Chan } from 'gort';
import { Millisecond, tick } from 'gort/time';
import { describe, it } from 'vitest';
import { expectGoPass, gosched } from './harness.ts';

const maxTries = 10_000;

/** One element type of Go's test: the value the receiver expects and the one the sender sends. */
interface Case<T> {
  name: string;
  toReceiver: T;
  fromSender: T;
}

async function nonblock(): Promise<void> {
  const ticker = tick(Millisecond);
  const sleep = async () => {
    await ticker.recv();
    await ticker.recv();
    for (let i = 0; i < 3; i++) await gosched();
  };
  const sync = chan<boolean>();

  async function check<T>(c: Chan<T, T>, k: Case<T>, buffer: number): Promise<void> {
    // nothing was sent: a non-blocking receive takes the default
    const empty = await select({ r: recv(c), default: true });
    if (empty.case === 'r') panic(`blocked ${k.name}sender`);

    // a receiver parks; a non-blocking send must eventually reach it
    go(async () => {
      if ((await c.recv()) !== k.toReceiver) panic(`${k.name} value`);
      await sync.send(true);
    });
    for (let tries = 0; ; tries++) {
      const r = await select({ s: send(c, k.toReceiver), default: true });
      if (r.case === 's') break;
      if (tries > maxTries) panic(`${k.name}receiver buffer= ${buffer}`);
      await sleep();
    }
    await sync.recv();

    // a sender parks (or fills the buffer); a non-blocking receive must eventually take its value
    go(async () => {
      await c.send(k.fromSender);
      await sync.send(true);
    });
    if (buffer > 0) await sync.recv();
    let v: T;
    for (let tries = 0; ; tries++) {
      const r = await select({ r: recv(c), default: true });
      if (r.case === 'r') {
        v = r.value;
        break;
      }
      if (tries > maxTries) panic(`${k.name}sender buffer= ${buffer}`);
      await sleep();
    }
    if (v !== k.fromSender) panic(`${k.name}sender value`);
    if (buffer === 0) await sync.recv();
  }

  for (let buffer = 0; buffer < 2; buffer++) {
    await check(chan<number, number>(buffer, 0), { name: 'i32', toReceiver: 123, fromSender: 234 }, buffer);
    await check(
      chan<number, number>(buffer, 0),
      { name: 'i64', toReceiver: 123456, fromSender: 234567 },
      buffer,
    );
    await check(
      chan<boolean, boolean>(buffer, false),
      { name: 'b', toReceiver: true, fromSender: true },
      buffer,
    );
    await check(
      chan<string, string>(buffer, ''),
      { name: 's', toReceiver: 'hello', fromSender: 'hello again' },
      buffer,
    );
  }
}

describe('test/chan/nonblock.go', () => {
  it('sends and receives without blocking only when a partner or buffer space is there', async () => {
    await expectGoPass(nonblock);
  });
});
