import {
  chan,
  go,
  main,
  type RecvChan,
} from 'gort';
import { WaitGroup } from 'gort/sync';

type Ints = RecvChan<number, number>;

// gen sends nums on the channel it
// returns, then closes it.
function gen(...nums: number[]): Ints {
  const out = chan<number>(0, 0);
  go(async () => {
    for (const n of nums) {
      await out.send(n);
    }
    out.close();
  });
  return out;
}

// sq squares what it receives until
// input is closed, then closes out.
function sq(input: Ints): Ints {
  const out = chan<number>(0, 0);
  go(async () => {
    for await (const n of input) {
      await out.send(n * n);
    }
    out.close();
  });
  return out;
}

// merge sends everything from cs on one
// channel, and closes it once every c is
// closed and forwarded.
function merge(...cs: Ints[]): Ints {
  const wg = new WaitGroup();
  const out = chan<number>(0, 0);
  wg.add(cs.length);
  for (const c of cs) {
    go(async () => {
      for await (const n of c) {
        await out.send(n);
      }
      wg.done();
    });
  }
  go(async () => {
    await wg.wait();
    out.close();
  });
  return out;
}

main(async () => {
  const input = gen(1, 2, 3, 4, 5);
  // Fan out: two sq stages read from
  // the same channel.
  const c1 = sq(input);
  const c2 = sq(input);
  // Fan in: one channel for both.
  const got: number[] = [];
  for await (const n of merge(c1, c2)) {
    got.push(n);
  }
  console.log(
    'received',
    got.length,
    'squares',
  );
  // they arrive in any order
  got.sort((a, b) => a - b);
  console.log(`[${got.join(' ')}]`);
});
