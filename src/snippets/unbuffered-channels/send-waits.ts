import { chan, go, main } from 'gort';
import { Second, now, since, sleep } from 'gort/time';
import { formatDuration } from 'gort/time';

main(async () => {
  const ch = chan<string>(); // unbuffered
  go(async () => {
    await sleep(1 * Second); // busy for 1s
    await ch.recv();
  });
  const start = now();
  await ch.send('hello'); // waits for the receiver
  const waited = formatDuration(since(start));
  console.log('send returned after', waited);
});
