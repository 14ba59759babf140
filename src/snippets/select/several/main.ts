import {
  chan,
  go,
  main,
  recv,
  select,
} from 'gort';
import * as time from 'gort/time';

// after sends msg on the channel it returns, d from now.
function after(
  d: time.Duration,
  msg: string,
) {
  const ch = chan<string>(0, '');
  go(async () => {
    await time.sleep(d);
    await ch.send(msg);
  });
  return ch;
}

main(async () => {
  const t0 = time.now();
  const email = after(
    30 * time.Millisecond,
    'email: 1 new message',
  );
  const chat = after(
    10 * time.Millisecond,
    'chat: hi!',
  );

  for (let i = 0; i < 2; i++) {
    const r = await select({
      email: recv(email),
      chat: recv(chat),
    });
    console.log(
      time.formatDuration(time.since(t0)),
      r.value,
    );
  }
});
