import {
  chan,
  go,
  main,
  type RecvChan,
} from 'gort';
import * as time from 'gort/time';

// boring returns a receive-only channel and starts the
// goroutine that sends on it: a generator.
function boring(
  msg: string,
  every: time.Duration,
): RecvChan<string, string> {
  const c = chan<string>(0, '');
  go(async () => {
    for (let i = 0; ; i++) {
      await time.sleep(every);
      await c.send(`${msg} ${i}`);
    }
  });
  return c;
}

main(async () => {
  const start = time.now();
  const since = () =>
    time.formatDuration(time.since(start));
  const joe = boring(
    'Joe',
    20 * time.Millisecond,
  );
  const ann = boring(
    'Ann',
    35 * time.Millisecond,
  );
  for (let i = 0; i < 3; i++) {
    console.log(
      await joe.recv(),
      'at',
      since(),
    );
    console.log(
      await ann.recv(),
      'at',
      since(),
    );
  }
  console.log(
    "You're both boring; I'm leaving.",
  );
});
