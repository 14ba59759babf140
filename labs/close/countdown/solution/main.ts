import { chan, go, main, type Chan } from 'gort';

// countdown sends from, from-1, ..., 1 on the channel
// it returns, from a goroutine of its own.
function countdown(from: number): Chan<number, number> {
  const out = chan<number>(0, 0);
  go(async () => {
    for (let n = from; n > 0; n--) {
      await out.send(n);
    }
    out.close(); // the sender knows there are no more
  });
  return out;
}

main(async () => {
  const ch = countdown(3);
  for await (const n of ch) {
    console.log(n);
  }
  console.log('liftoff!');
});
