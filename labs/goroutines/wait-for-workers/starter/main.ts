import { go, main } from 'gort';
import * as time from 'gort/time';

const workers = 5;

// Worker `id` works for id × 100 ms, then reports.
async function worker(id: number): Promise<void> {
  await time.sleep(id * 100 * time.Millisecond);
  console.log(`worker ${id} done`);
}

main(async () => {
  for (let id = 1; id <= workers; id++) {
    go(worker, id);
  }

  // The article's way to wait: sleep, and hope that
  // every worker is done by then.
  // TODO: wait with a WaitGroup instead, without sleeping.
  await time.sleep(350 * time.Millisecond);

  console.log('main: all workers done');
});
