import { go, main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';

const workers = 5;

// Worker `id` works for id × 100 ms, then reports.
async function worker(id: number): Promise<void> {
  await time.sleep(id * 100 * time.Millisecond);
  console.log(`worker ${id} done`);
}

main(async () => {
  const wg = new WaitGroup();
  for (let id = 1; id <= workers; id++) {
    wg.add(1); // before `go`, so wait() cannot run ahead of it
    go(async () => {
      try {
        await worker(id);
      } finally {
        wg.done(); // Go's `defer wg.Done()`
      }
    });
  }

  // Returns once every worker has called done():
  // no guessing how long they take.
  await wg.wait();

  console.log('main: all workers done');
});
