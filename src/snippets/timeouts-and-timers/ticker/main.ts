import { main, recv, select } from 'gort';
import * as time from 'gort/time';

main(async () => {
  const start = time.now();
  const since = () =>
    time.formatDuration(time.since(start));
  const ticker = time.newTicker(
    100 * time.Millisecond,
  );
  for (let i = 1; i <= 3; i++) {
    await ticker.c.recv();
    console.log('tick', i, 'at', since());
  }

  ticker.stop();
  const r = await select({
    tick: recv(ticker.c),
    quiet: recv(
      time.after(1 * time.Second),
    ),
  });
  if (r.case === 'tick') {
    console.log('a tick after Stop');
  } else {
    console.log(
      'no tick in the second after Stop',
    );
  }
});
