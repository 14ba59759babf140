import { chan, go, main, type Chan } from 'gort';

// countdown sends from, from-1, ..., 1 on the channel
// it returns, from a goroutine of its own.
function countdown(from: number): Chan<number, number> {
  const out = chan<number>(0, 0);
  go(async () => {
    for (let n = from; n > 0; n--) {
      await out.send(n);
    }
    // The last value is sent: how does main learn that?
  });
  return out;
}

main(async () => {
  const ch = countdown(3);
  for await (const n of ch) {
    console.log(n);
  }
  ch.close(); // main is done with the channel
  console.log('liftoff!');
});
