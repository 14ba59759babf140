/**
 * Stress test (not a port): 1,000,000 distinct values go from 8 producers to 8 consumers over two
 * channels, one unbuffered and one of capacity 16. Every send is a select over both channels and
 * every receive a select over both; when all producers are done, both channels are closed and
 * each consumer drops a closed channel from its select (a nil channel, as in Go) until both are.
 * Invariant checked: every value is received exactly once, nothing is lost or duplicated, and
 * every consumer ends by seeing both closes.
 */
import { chan, close, go, nilChan, panic, recv, select, send, type Chan } from 'gort';
import { WaitGroup } from 'gort/sync';
import { describe, it } from 'vitest';
import { expectGoPass } from './harness.ts';

const producers = 8;
const consumers = 8;
const total = 1_000_000;
const perProducer = total / producers;

async function millionMessages(): Promise<void> {
  const nil = nilChan<number>();
  const a = chan<number>();
  const b = chan<number>(16);
  const seen = new Uint8Array(total);

  const sending = new WaitGroup();
  for (let p = 0; p < producers; p++) {
    sending.go(async () => {
      for (let i = 0; i < perProducer; i++) {
        const v = p * perProducer + i;
        await select({ a: send(a, v), b: send(b, v) });
      }
    });
  }
  go(async () => {
    await sending.wait();
    close(a);
    close(b);
  });

  const receiving = new WaitGroup();
  const counts = new Array<number>(consumers).fill(0);
  for (let k = 0; k < consumers; k++) {
    receiving.go(async () => {
      let ra: Chan<number, undefined> = a;
      let rb: Chan<number, undefined> = b;
      while (ra !== nil || rb !== nil) {
        const r = await select({ a: recv(ra), b: recv(rb) });
        if (!r.ok) {
          if (r.case === 'a') ra = nil;
          else rb = nil;
          continue;
        }
        const v = r.value;
        if (seen[v] !== 0) panic(`value ${v} received twice`);
        seen[v] = 1;
        counts[k]!++;
      }
    });
  }
  await receiving.wait();

  const received = counts.reduce((x, y) => x + y, 0);
  if (received !== total) panic(`received ${received} values, want ${total}`);
  const missing = seen.indexOf(0);
  if (missing !== -1) panic(`value ${missing} was never received`);
}

describe('stress: 8 producers, 8 consumers, select and close', () => {
  it('delivers 1,000,000 values exactly once', async () => {
    await expectGoPass(millionMessages);
  });
});
