import { main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';

main(async () => {
  let hits = 0;
  const wg = new WaitGroup();
  for (let i = 0; i < 10; i++) {
    wg.go(async () => {
      const n = hits;
      await time.sleep(time.Millisecond); // report n+1 to metrics
      hits = n + 1;
    });
  }
  await wg.wait();
  console.log('hits:', hits, 'of 10');
});
