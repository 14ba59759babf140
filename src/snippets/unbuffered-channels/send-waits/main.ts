import { chan, go, main } from 'gort';
import * as time from 'gort/time';

main(async () => {
  const ch = chan<string>(); // unbuffered
  go(async () => {
    await time.sleep(time.Second); // busy
    await ch.recv();
  });
  const t0 = time.now();
  await ch.send('hello'); // blocks
  const d = time.since(t0);
  console.log(
    'send took',
    time.formatDuration(d),
  );
});
