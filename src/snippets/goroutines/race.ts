import { main } from 'gort';
import { WaitGroup } from 'gort/sync';
import { Millisecond, sleep } from 'gort/time';

let balance = 0;

async function deposit(amount: number) {
  const b = balance; // read
  await sleep(1 * Millisecond); // others run
  balance = b + amount; // stale write
}

main(async () => {
  const wg = new WaitGroup();
  for (let i = 0; i < 10; i++) {
    wg.go(() => deposit(10));
  }
  await wg.wait();
  console.log('balance:', balance); // want 100
});
