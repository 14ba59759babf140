import {
  chan,
  go,
  main,
  recv,
  select,
  send,
} from 'gort';
import * as time from 'gort/time';

main(async () => {
  const a = chan<number>();
  const b = chan<number>();
  const done = chan<boolean>();
  go(async () => {
    // Nothing ready: pass 2 enqueues a
    // sudog on a and one on b, then parks.
    const r = await select({
      a: recv(a),
      b: recv(b),
    });
    console.log('got', r.case, r.value);
    await done.send(true);
  });
  await time.sleep(time.Millisecond);
  await b.send(2); // wakes it; pass 3 leaves a's recvq
  await done.recv();
  const s = await select({
    a: send(a, 1),
    default: true,
  });
  console.log(
    s.case === 'a'
      ? 'a stale waiter took 1'
      : 'nobody waits on a any more',
  );

  // Pass 1 with both ready: the poll order
  // is shuffled, so each case wins about half.
  const x = chan<number>(1);
  const y = chan<number>(1);
  const wins = { x: 0, y: 0 };
  for (let i = 0; i < 1000; i++) {
    await x.send(0);
    await y.send(0);
    const r = await select({
      x: recv(x),
      y: recv(y),
    });
    wins[r.case]++;
    await (r.case === 'x' ? y : x).recv();
  }
  console.log(
    'x won over 400 times:',
    wins.x > 400,
  );
  console.log(
    'y won over 400 times:',
    wins.y > 400,
  );
});
