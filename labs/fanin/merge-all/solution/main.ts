import { chan, go, main, type RecvChan } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';

// source sends name1 .. name<n>, one every `every`, on the
// channel it returns, then closes it. Do not change source.
function source(
  name: string,
  n: number,
  every: time.Duration,
): RecvChan<string, string> {
  const c = chan<string>(0, '');
  go(async () => {
    for (let i = 1; i <= n; i++) {
      await time.sleep(every);
      await c.send(`${name}${i}`);
    }
    c.close();
  });
  return c;
}

// merge passes on every value of every input as it arrives,
// and closes its output once all the inputs are closed.
function merge(
  ...inputs: RecvChan<string, string>[]
): RecvChan<string, string> {
  const out = chan<string>(0, '');
  const wg = new WaitGroup();
  // One forwarder per input, so no input waits for another.
  for (const input of inputs) {
    wg.go(async () => {
      for await (const v of input) {
        await out.send(v);
      }
    });
  }
  // Only when every forwarder is done can nobody send on out
  // again: then, and only then, close it.
  go(async () => {
    await wg.wait();
    out.close();
  });
  return out;
}

main(async () => {
  const out = merge(
    source('a', 3, 20 * time.Millisecond),
    source('b', 5, 13 * time.Millisecond),
    source('c', 2, 35 * time.Millisecond),
    source('d', 0, 10 * time.Millisecond), // sends nothing
  );
  let n = 0;
  for await (const v of out) {
    console.log(v);
    n++;
  }
  console.log('merged', n, 'values');
});
