import { go, main } from 'gort';
import { Millisecond, sleep } from 'gort/time';

const workers = 5;

// Worker `id` works for id × 100 ms, then reports.
async function worker(id: number): Promise<void> {
  await sleep(id * 100 * Millisecond);
  console.log(`worker ${id} done`);
}

main(async () => {
  for (let id = 1; id <= workers; id++) {
    go(worker, id);
  }

  // The article's way to wait: sleep, and hope every worker is done by then.
  // TODO: wait for every worker with a WaitGroup instead, without sleeping.
  await sleep(350 * Millisecond);

  console.log('main: all workers done');
});
