import {
  chan,
  go,
  main,
  recv,
  select,
} from 'gort';
import type { Chan } from 'gort';
import * as time from 'gort/time';

// boring sends a numbered message after each delay.
function boring(
  msg: string,
  delays: time.Duration[],
): Chan<string, string> {
  const c = chan<string>(0, '');
  go(async () => {
    for (const [i, d] of delays.entries()) {
      await time.sleep(d);
      await c.send(`${msg} ${i}`);
    }
  });
  return c;
}

main(async () => {
  const start = time.now();
  const since = () =>
    time.formatDuration(time.since(start));
  const delays = [300, 800, 1500].map(
    (ms) => ms * time.Millisecond,
  );
  const c = boring('Joe', delays);
  for (;;) {
    const r = await select({
      msg: recv(c),
      // a new timer for each message
      late: recv(
        time.after(1 * time.Second),
      ),
    });
    if (r.case === 'late') {
      console.log(
        since(),
        "You're too slow.",
      );
      return;
    }
    console.log(since(), r.value);
  }
});
