/**
 * Port of TestSelectDuplicateChannel from Go's src/runtime/chan_test.go: goroutine A selects on c
 * twice and on d; goroutine B then parks on c. A send on d wakes A, which must take both of its
 * waiters off c's queue. That used to corrupt c's queue in Go, so the final send on c woke the
 * already running A instead of B and the program deadlocked.
 *
 * Adapted: Go sleeps 1 ms so that A, then B, have queued on c; on the virtual clock each sleep
 * ends exactly when the other goroutines have parked.
 */
import { chan, go, recv, select } from 'gort';
import { describe, it } from 'vitest';
import { expectGoPass, settle } from './harness.ts';

describe('runtime/chan_test.go TestSelectDuplicateChannel', () => {
  it('wakes the right receiver after a select that listed the same channel twice', async () => {
    await expectGoPass(async () => {
      const c = chan<number>();
      const d = chan<number>();
      const e = chan<number>();

      // goroutine A
      go(async () => {
        await select({ c1: recv(c), c2: recv(c), d: recv(d) });
        await e.send(9);
      });
      await settle(); // A is queued on c first (twice)

      // goroutine B
      go(async () => {
        await c.recv();
      });
      await settle(); // B is queued on c after A

      await d.send(7); // wakes A, which must take itself off c's queue
      await e.recv(); // A is done
      await c.send(8); // must wake B
    });
  });
});
