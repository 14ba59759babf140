import { chan, go, main, type Chan } from 'gort';

// gen sends nums on its channel, then closes it.
function gen(...nums: number[]): Chan<number, number> {
  const out = chan<number>(0, 0);
  go(async () => {
    for (const n of nums) {
      await out.send(n);
    }
    out.close();
  });
  return out;
}

// sq squares each number from input onto a channel
// it makes, and closes that channel when input is
// drained. The types do not say who may send or
// close: give gen's and sq's channels a direction.
function sq(
  input: Chan<number, number>,
): Chan<number, number> {
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
  squares.close(); // main is done with squares
});
