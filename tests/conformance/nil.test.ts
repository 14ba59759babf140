/**
 * Port of the channel part of Go's test/nil.go (func chantest): a nil channel is never ready, so a
 * send, a receive and a receive with ok all block forever; its len and cap are 0. (The array, map
 * and slice parts of nil.go have no counterpart in a channel runtime.)
 *
 * Adapted: Go's `shouldBlock` starts f in a goroutine that panics if f returns, then sleeps 10 ms;
 * on the virtual clock that sleep ends only after f's goroutine has parked for good. Go's
 * `var ch chan int` is `nilChan<number>()`.
 */
import { cap, go, len, nilChan, panic } from 'gort';
import { sleep } from 'gort/time';
import { describe, it } from 'vitest';
import { expectGoPass } from './harness.ts';

async function shouldBlock(f: () => Promise<unknown>): Promise<void> {
  go(async () => {
    await f();
    panic('did not block');
  });
  await sleep(10);
}

describe('test/nil.go (chantest)', () => {
  it('blocks forever on a nil channel and reports len and cap 0', async () => {
    await expectGoPass(async () => {
      const ch = nilChan<number>();

      await shouldBlock(() => ch.send(1));
      await shouldBlock(() => ch.recv());
      await shouldBlock(async () => {
        const [x, ok] = await ch.recv2();
        panic(`received ${x}, ${ok} from a nil channel`);
      });

      if (len(ch) !== 0) panic(len(ch));
      if (cap(ch) !== 0) panic(cap(ch));
    });
  });
});
