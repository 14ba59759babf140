/**
 * Port of TestSelfSelect from Go's src/runtime/chan_test.go: two goroutines each run 1,000 selects
 * that both send to and receive from the same channel (capacity 0 and 10), in both case orders.
 * Nothing may crash or deadlock, and on an unbuffered channel a select must never receive its own
 * send (a goroutine cannot rendezvous with itself).
 *
 * Adapted: `runtime.GOMAXPROCS(2)` has no equivalent (one thread); the self-receive check is the
 * part that matters here.
 */
import { chan, go, panic, recv, select, send } from 'gort';
import { WaitGroup } from 'gort/sync';
import { describe, it } from 'vitest';
import { expectGoPass } from './harness.ts';

describe('runtime/chan_test.go TestSelfSelect', () => {
  it.each([0, 10])('never receives its own send on a channel of capacity %i', async (chanCap) => {
    await expectGoPass(async () => {
      const wg = new WaitGroup();
      wg.add(2);
      const c = chan<number, number>(chanCap, -1);
      for (let p = 0; p < 2; p++) {
        go(async () => {
          for (let i = 0; i < 1000; i++) {
            // the two orders of the cases, as in Go's test; the choice among ready cases is random
            const r =
              p === 0 || i % 2 === 0
                ? await select({ s: send(c, p), r: recv(c) })
                : await select({ r: recv(c), s: send(c, p) });
            if (r.case === 'r' && chanCap === 0 && r.value === p) panic('self receive');
          }
          wg.done();
        });
      }
      await wg.wait();
    });
  });
});
