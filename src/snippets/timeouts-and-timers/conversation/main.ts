import {
  chan,
  go,
  main,
  recv,
  select,
} from 'gort';
import type { Chan } from 'gort';
import * as time from 'gort/time';

// boring sends a numbered message every 300ms, forever.
function boring(
  msg: string,
): Chan<string, string> {
  const c = chan<string>(0, '');
  go(async () => {
    for (let i = 0; ; i++) {
      await time.sleep(
        300 * time.Millisecond,
      );
      await c.send(`${msg} ${i}`);
    }
  });
  return c;
}

main(async () => {
  const start = time.now();
  const since = () =>
    time.formatDuration(time.since(start));
  const c = boring('Joe');
  // one timer for the whole loop
  const timeout = time.after(
    1 * time.Second,
  );
  for (;;) {
    const r = await select({
      msg: recv(c),
      end: recv(timeout),
    });
    if (r.case === 'end') {
      console.log(
        since(),
        'You talk too much.',
      );
      return;
    }
    console.log(since(), r.value);
  }
});
