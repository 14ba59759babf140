import {
  chan,
  go,
  main,
  recv,
  select,
  type Chan,
  type RecvChan,
} from 'gort';
import * as time from 'gort/time';

// A Message carries the channel its sender waits on.
interface Message {
  str: string;
  wait: Chan<boolean, boolean>;
}

function boring(
  msg: string,
  every: time.Duration,
): RecvChan<Message, null> {
  const c = chan<Message, null>(0, null);
  const waitForIt = chan<boolean>(0, false); // one per speaker
  go(async () => {
    for (let i = 0; ; i++) {
      await time.sleep(every);
      await c.send({
        str: `${msg} ${i}`,
        wait: waitForIt,
      });
      await waitForIt.recv(); // until main says go on
    }
  });
  return c;
}

// fanIn with select: one goroutine, whichever input is
// ready first.
function fanIn(
  input1: RecvChan<Message, null>,
  input2: RecvChan<Message, null>,
): RecvChan<Message, null> {
  const c = chan<Message, null>(0, null);
  go(async () => {
    for (;;) {
      const r = await select({
        one: recv(input1),
        two: recv(input2),
      });
      await c.send(r.value!);
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
  for (let i = 0; i < 3; i++) {
    const msg1 = (await c.recv())!;
    console.log(msg1.str, 'at', since());
    const msg2 = (await c.recv())!;
    console.log(msg2.str, 'at', since());
    await msg1.wait.send(true);
    await msg2.wait.send(true);
  }
  console.log(
    "You're both boring; I'm leaving.",
  );
});
