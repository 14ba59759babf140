import {
  chan,
  go,
  main,
  type Chan,
} from 'gort';
import * as time from 'gort/time';

// naive is the talk's first loop: it checks a flag,
// fetches, sleeps. (In Go the flag is a data race; one
// thread of JavaScript hides that, not the other bug.)
class Naive {
  closed = false;
  readonly start = time.now();

  async loop(done: Chan<void>) {
    for (;;) {
      if (this.closed) {
        console.log(
          `loop saw closed at ${time.formatDuration(time.since(this.start))}`,
        );
        done.close();
        return;
      }
      console.log(
        `fetch at ${time.formatDuration(time.since(this.start))}`,
      );
      await time.sleep(time.Second); // until the next fetch
    }
  }

  close() {
    this.closed = true;
  }
}

main(async () => {
  const s = new Naive();
  const done = chan<void>();
  go(() => s.loop(done));
  await time.sleep(100 * time.Millisecond);
  s.close();
  console.log(
    `Close returned at ${time.formatDuration(time.since(s.start))}`,
  );
  await done.recv();
});
