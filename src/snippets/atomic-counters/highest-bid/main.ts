import { main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as atomic from 'gort/sync/atomic';

// raise stores bid in best if it is higher than what best
// holds, and says whether it did.
function raise(
  best: atomic.Int64,
  bid: number,
): boolean {
  for (;;) {
    const cur = best.load();
    if (bid <= cur) return false;
    if (best.compareAndSwap(cur, bid))
      return true;
    // best changed since the load: look again.
  }
}

main(async () => {
  const best = new atomic.Int64();
  console.log(
    best.compareAndSwap(0, 42),
    best.load(),
  );
  console.log(
    best.compareAndSwap(0, 13),
    best.load(),
  );

  const wg = new WaitGroup();
  for (const bid of [64, 97, 13, 88, 97]) {
    wg.go(() => {
      raise(best, bid);
    });
  }
  await wg.wait();
  console.log('highest bid:', best.swap(0));
  console.log(
    'after the swap:',
    best.load(),
  );
});
