import { chan, main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';

main(async () => {
  const start = time.now();
  const since = () =>
    time.formatDuration(time.since(start));
  const pages = [30, 10, 25, 10];
  const sem = chan<void>(2); // 2 slots
  const wg = new WaitGroup();
  for (const [i, ms] of pages.entries()) {
    await sem.send(); // wait for a slot
    console.log(
      since(),
      'start fetch',
      i + 1,
    );
    wg.go(async () => {
      await time.sleep(
        ms * time.Millisecond,
      );
      console.log(
        since(),
        'end   fetch',
        i + 1,
      );
      await sem.recv(); // give the slot back
    });
  }
  await wg.wait();
});
