import { chan, go, main, type RecvChan } from 'gort';

// gen owns the channel it makes: only gen sends on
// it and closes it. Callers get a receive-only view.
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

// sq only receives from input (gen closes it) and
// owns out.
function sq(
  input: RecvChan<number, number>,
): RecvChan<number, number> {
  const out = chan<number>(0, 0);
  go(async () => {
    for await (const n of input) {
      await out.send(n * n);
    }
    out.close();
  });
  return out;
}

main(async () => {
  const squares = sq(gen(1, 2, 3, 4));
  for await (const v of squares) {
    console.log(v);
  }
});
