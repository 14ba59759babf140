import { go, main } from 'gort';
import { WaitGroup } from 'gort/sync';
import { Millisecond, sleep } from 'gort/time';

async function worker(id: number) {
  const d = id * 100 * Millisecond;
  await sleep(d); // some work
  console.log(`worker ${id} done`);
}

main(async () => {
  const wg = new WaitGroup();
  for (let id = 1; id <= 3; id++) {
    wg.add(1); // before go, never inside it
    go(async () => {
      try {
        await worker(id);
      } finally {
        wg.done(); // Go's defer wg.Done()
      }
    });
  }
  await wg.wait(); // until the counter is 0
  console.log('main: all workers done');
});
