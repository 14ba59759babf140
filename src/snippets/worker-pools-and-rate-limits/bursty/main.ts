import {
  chan,
  main,
  recv,
  select,
  send,
  type SendChan,
} from 'gort';
import {
  background,
  withCancel,
  type Context,
} from 'gort/context';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';

// fill adds a token to the bucket every interval until ctx is done.
// A full bucket loses the token: burst is all that can be saved.
async function fill(
  ctx: Context,
  bucket: SendChan<void>,
  interval: time.Duration,
) {
  const ticker = time.newTicker(interval);
  try {
    for (;;) {
      const r = await select({
        done: recv(ctx.done()),
        tick: recv(ticker.c),
      });
      if (r.case === 'done') return;
      await select({
        token: send(bucket, undefined),
        default: true, // full
      });
    }
  } finally {
    ticker.stop();
  }
}

main(async () => {
  const start = time.now();
  const since = () =>
    time.formatDuration(time.since(start));
  const burst = 3;
  const bucket = chan<void>(burst);
  for (let i = 0; i < burst; i++) {
    await bucket.send(undefined); // start with a full bucket
  }
  const [ctx, cancel] = withCancel(
    background(),
  );
  const wg = new WaitGroup();
  wg.go(() =>
    fill(
      ctx,
      bucket,
      100 * time.Millisecond,
    ),
  );

  for (let req = 1; req <= 6; req++) {
    await bucket.recv(); // wait for a token
    console.log(since(), 'request', req);
  }
  cancel();
  await wg.wait(); // the filler has returned: nothing is left running
  console.log(since(), 'limiter stopped');
});
