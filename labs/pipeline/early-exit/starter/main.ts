import { chan, go, main, type RecvChan } from 'gort';
import * as context from 'gort/context';
import * as time from 'gort/time';

// gen sends nums one by one and closes its channel
// after the last. It never hears that the consumer
// quit: give it ctx, and send in a select with
// ctx.done().
function gen(...nums: number[]): RecvChan<number, number> {
  const out = chan<number>(0, 0);
  go(async () => {
    for (const n of nums) {
      await out.send(n);
    }
    out.close();
  });
  return out;
}

// sq squares each number, which takes 10ms of work,
// and closes its channel when its input is closed.
// It needs ctx too: for the work and for the send.
function sq(
  input: RecvChan<number, number>,
): RecvChan<number, number> {
  const out = chan<number>(0, 0);
  go(async () => {
    for await (const n of input) {
      await time.sleep(10 * time.Millisecond);
      await out.send(n * n);
    }
    out.close();
  });
  return out;
}

main(async () => {
  const start = time.now();
  const [ctx, cancel] = context.withCancel(
    context.background(),
  );
  void ctx; // not passed to the stages yet
  const squares = sq(gen(1, 2, 3, 4, 5, 6, 7, 8));
  // The consumer needs only the first three squares.
  for (let i = 0; i < 3; i++) {
    console.log(await squares.recv());
  }
  cancel(); // the consumer quits
  console.log(
    'consumer quit at',
    time.formatDuration(time.since(start)),
  );
  // main goes on with other work.
  await time.sleep(time.Second);
});
