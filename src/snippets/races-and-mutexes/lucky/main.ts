import { chan, main } from 'gort';
import { WaitGroup } from 'gort/sync';

let balance = 0;

// Every change is logged first. The log has room for all of
// them, so a send never waits.
const audit = chan<string>(100);

async function deposit(n: number) {
  const b = balance; // read
  await audit.send(
    `deposit ${n}: ${b} -> ${b + n}`,
  );
  balance = b + n; // write
}

main(async () => {
  const wg = new WaitGroup();
  for (let i = 0; i < 10; i++) {
    wg.go(() => deposit(100));
  }
  await wg.wait();
  console.log('balance:', balance);
});
