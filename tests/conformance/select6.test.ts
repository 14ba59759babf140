/**
 * Port of Go's test/chan/select6.go (package main, func main), the regression test for Go issue
 * 2075: a select that lost on a channel must take itself off that channel's queue cleanly. Here
 * goroutine B selects on c1 and c2 while A also waits on c1; B wins on c2, then waits on c1 again.
 * Both sends on c1 must then find a receiver; a corrupted queue left B asleep forever (a deadlock).
 */
import { chan, go, panic, recv, select } from 'gort';
import { describe, it } from 'vitest';
import { expectGoPass } from './harness.ts';

describe('test/chan/select6.go (issue 2075)', () => {
  it('leaves the queues of the cases a select did not take intact', async () => {
    await expectGoPass(async () => {
      const c1 = chan<boolean>();
      const c2 = chan<boolean>();
      const c3 = chan<boolean>();
      go(async () => {
        await c1.recv();
      });
      go(async () => {
        const r = await select({ c1: recv(c1), c2: recv(c2) });
        if (r.case === 'c1') panic('dummy');
        await c3.send(true);
        await c1.recv();
      });
      go(async () => {
        await c2.send(true);
      });
      await c3.recv();
      await c1.send(true);
      await c1.send(true);
    });
  });
});
