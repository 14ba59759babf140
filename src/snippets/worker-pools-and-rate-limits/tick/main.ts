import { chan, go, main } from 'gort';
import * as time from 'gort/time';

main(async () => {
  const start = time.now();
  const since = () =>
    time.formatDuration(time.since(start));
  // Go by Example's bursty limiter: room for 3 saved tokens...
  const burstyLimiter = chan<time.Time>(3);
  for (let i = 0; i < 3; i++) {
    await burstyLimiter.send(time.now());
  }
  // ...and a goroutine that adds one every 200ms, for ever.
  go(async () => {
    for await (const t of time.tick(
      200 * time.Millisecond,
    )) {
      await burstyLimiter.send(t);
    }
  });

  await time.sleep(time.Second); // a quiet second: no requests
  for (let req = 1; req <= 6; req++) {
    await burstyLimiter.recv();
    console.log(since(), 'request', req);
  }
});
