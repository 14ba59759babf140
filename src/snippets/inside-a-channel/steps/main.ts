import { chan, go, main } from 'gort';
import * as time from 'gort/time';

main(async () => {
  const ch = chan<number>(2, 0);
  await ch.send(1);
  await ch.send(2); // buf is full: qcount == dataqsiz
  console.log(
    'buffered',
    ch.len,
    'of',
    ch.cap,
  );

  const done = chan<boolean>();
  go(async () => {
    await ch.send(3); // full: parks on ch.sendq
    await done.send(true);
  });
  await time.sleep(time.Millisecond);
  const v = await ch.recv(); // takes 1, moves 3 into buf
  console.log('received', v);
  console.log(
    'buffered',
    ch.len,
    'of',
    ch.cap,
  );
  await done.recv();
  console.log(
    'received',
    await ch.recv(),
    await ch.recv(),
  );

  const got = chan<number>();
  go(async () => {
    const v = await ch.recv(); // empty: parks on ch.recvq
    await got.send(v);
  });
  await time.sleep(time.Millisecond);
  await ch.send(4); // handed to the receiver directly
  console.log(
    'buffered',
    ch.len,
    'of',
    ch.cap,
  );
  console.log(
    'receiver got',
    await got.recv(),
  );

  go(async () => {
    const [v, ok] = await ch.recv2(); // parks again
    console.log('after close:', v, ok);
    await done.send(true);
  });
  await time.sleep(time.Millisecond);
  ch.close(); // wakes every receiver
  await done.recv();
});
