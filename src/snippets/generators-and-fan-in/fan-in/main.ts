import {
  chan,
  go,
  main,
  type RecvChan,
} from 'gort';
import * as time from 'gort/time';

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

// fanIn multiplexes two channels onto one: whoever is
// ready speaks. One forwarding goroutine per input.
function fanIn(
  input1: RecvChan<string, string>,
  input2: RecvChan<string, string>,
): RecvChan<string, string> {
  const c = chan<string>(0, '');
  go(async () => {
    for (;;) {
      await c.send(await input1.recv());
    }
  });
  go(async () => {
    for (;;) {
      await c.send(await input2.recv());
    }
  });
  return c;
}

main(async () => {
  const start = time.now();
  const since = () =>
    time.formatDuration(time.since(start));
  const c = fanIn(
    boring('Joe', 20 * time.Millisecond),
    boring('Ann', 35 * time.Millisecond),
  );
  for (let i = 0; i < 8; i++) {
    console.log(
      await c.recv(),
      'at',
      since(),
    );
  }
  console.log(
    "You're both boring; I'm leaving.",
  );
});
