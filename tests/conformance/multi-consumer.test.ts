/**
 * Port of TestMultiConsumer from Go's src/runtime/chan_test.go: one feeder sends 271,828 values
 * (cycling through ten small numbers) into a work queue of capacity 69 and closes it; 23 workers
 * range over the queue and forward each value to a results channel, some of them yielding when
 * they see "their" number to disturb the FIFO-ish hand-out; when all workers are done the feeder
 * closes the results. The consumer must see every value exactly once: the count and the sum match.
 *
 * Adapted: Go's `runtime.Gosched()` is gort's `gosched()`: the worker goes to the back of the run
 * queue, so the others overtake it, which is the reordering Go's test wants.
 */
import { chan, close, go, panic } from 'gort';
import { WaitGroup } from 'gort/sync';
import { describe, it } from 'vitest';
import { expectGoPass, gosched } from './harness.ts';

async function multiConsumer(): Promise<void> {
  const nwork = 23;
  const niter = 271828;
  const pn = [2, 3, 7, 11, 13, 17, 19, 23, 27, 31];

  const q = chan<number>(nwork * 3);
  const r = chan<number>(nwork * 3);

  // workers
  const wg = new WaitGroup();
  for (let i = 0; i < nwork; i++) {
    wg.add(1);
    go(async (w: number) => {
      for await (const v of q) {
        // mess with the fifo-ish nature of range
        if (pn[w % pn.length] === v) await gosched();
        await r.send(v);
      }
      wg.done();
    }, i);
  }

  // feeder & closer
  let expect = 0;
  go(async () => {
    for (let i = 0; i < niter; i++) {
      const v = pn[i % pn.length]!;
      expect += v;
      await q.send(v);
    }
    close(q); // no more work
    await wg.wait(); // workers done
    close(r); // ... so there can be no more results
  });

  // consume & check
  let n = 0;
  let s = 0;
  for await (const v of r) {
    n++;
    s += v;
  }
  if (n !== niter || s !== expect) panic(`Expected sum ${expect} (got ${s}) from ${niter} iter (saw ${n})`);
}

describe('runtime/chan_test.go TestMultiConsumer', () => {
  it('hands every value to exactly one of 23 ranging workers', async () => {
    await expectGoPass(multiConsumer);
  });
});
