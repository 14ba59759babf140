import { main } from 'gort';
import {
  Mutex,
  WaitGroup,
} from 'gort/sync';
import * as time from 'gort/time';

main(async () => {
  const mu = new Mutex();
  let hits = 0;
  const wg = new WaitGroup();
  for (let i = 0; i < 10; i++) {
    wg.go(async () => {
      await mu.lock();
      const n = hits;
      mu.unlock();
      await time.sleep(time.Millisecond); // report n+1 to metrics
      await mu.lock();
      hits = n + 1;
      mu.unlock();
    });
  }
  await wg.wait();
  console.log('hits:', hits, 'of 10');
});
