/**
 * Port of TestNonblockSelectRace (and TestNonblockSelectRace2) from Go's src/runtime/chan_test.go:
 * a select acts on the state of its channels at one instant. From the moment the second goroutine
 * exists, c1 or c2 is always ready, so its non-blocking select over both must never take default.
 *
 * Adapted: Go runs 100,000 iterations (1,000 with -short); the port runs 10,000 in one program. On
 * one thread the window Go probes is the gap between a select's readiness check and its commit,
 * which an implementation that awaits between cases would open.
 */
import { chan, close, go, panic, recv, select } from 'gort';
import { describe, it } from 'vitest';
import { expectGoPass } from './harness.ts';

const n = 10_000;

describe('runtime/chan_test.go TestNonblockSelectRace', () => {
  it('never takes default while one of the channels is ready', async () => {
    await expectGoPass(async () => {
      const done = chan<boolean>(1);
      for (let i = 0; i < n; i++) {
        const c1 = chan<number>(1);
        const c2 = chan<number>(1);
        await c1.send(1);
        go(async () => {
          const r = await select({ a: recv(c1), b: recv(c2), default: true });
          await done.send(r.case !== 'default');
        });
        await c2.send(1);
        await select({ a: recv(c1), default: true });
        if (!(await done.recv())) panic('no chan is ready');
      }
    });
  });

  it('never takes default while one channel is ready or closed (TestNonblockSelectRace2)', async () => {
    await expectGoPass(async () => {
      const done = chan<boolean>(1);
      for (let i = 0; i < n; i++) {
        const c1 = chan<number>(1);
        const c2 = chan<number>();
        await c1.send(1);
        go(async () => {
          const r = await select({ a: recv(c1), b: recv(c2), default: true });
          await done.send(r.case !== 'default');
        });
        close(c2);
        await select({ a: recv(c1), default: true });
        if (!(await done.recv())) panic('no chan is ready');
      }
    });
  });
});
