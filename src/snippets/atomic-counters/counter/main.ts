import { main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as atomic from 'gort/sync/atomic';

main(async () => {
  const ops = new atomic.Int64();
  const wg = new WaitGroup();
  for (let g = 0; g < 50; g++) {
    wg.go(() => {
      for (let i = 0; i < 1000; i++) {
        ops.add(1);
      }
    });
  }
  await wg.wait();
  console.log('ops:', ops.load());
});
