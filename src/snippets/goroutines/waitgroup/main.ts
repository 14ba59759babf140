import { go, main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';

const unit = 100 * time.Millisecond;

async function worker(id: number) {
  await time.sleep(id * unit);
  console.log(`worker ${id} done`);
}

main(async () => {
  const wg = new WaitGroup();
  for (let id = 1; id <= 3; id++) {
    wg.add(1); // before go, not inside
    go(async () => {
      try {
        await worker(id);
      } finally {
        wg.done(); // defer wg.Done()
      }
    });
  }
  await wg.wait(); // until the count is 0
  console.log('main: all workers done');
});
