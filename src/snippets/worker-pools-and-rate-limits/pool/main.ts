import {
  chan,
  close,
  go,
  main,
  type RecvChan,
  type SendChan,
} from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';

// worker takes jobs until jobs is closed; job j takes j*10ms.
async function worker(
  jobs: RecvChan<number>,
  results: SendChan<string>,
) {
  for await (const j of jobs) {
    await time.sleep(
      j * 10 * time.Millisecond,
    );
    await results.send(`job ${j} done`);
  }
}

main(async () => {
  const start = time.now();
  const since = () =>
    time.formatDuration(time.since(start));
  const jobs = chan<number>(); // unbuffered: nothing relies on room
  const results = chan<string>(); // unbuffered too

  const wg = new WaitGroup();
  for (let w = 0; w < 3; w++) {
    wg.go(() => worker(jobs, results));
  }
  // 1. The sender has a goroutine of its own, so main is free to
  // read results while jobs are still being sent.
  go(async () => {
    for (let j = 1; j <= 6; j++) {
      await jobs.send(j);
    }
    close(jobs); // no more jobs: the workers' loops end
  });
  // 2. results is closed once, after the last worker returned.
  go(async () => {
    await wg.wait();
    close(results);
  });
  // 3. main drains results until it is closed.
  for await (const r of results) {
    console.log(since(), r);
  }
  console.log(since(), 'all done');
});
