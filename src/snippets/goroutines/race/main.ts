import { main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';

let balance = 0;

async function deposit(n: number) {
  const b = balance; // read
  // others run while this one sleeps
  await time.sleep(time.Millisecond);
  balance = b + n; // write
}

main(async () => {
  const wg = new WaitGroup();
  for (let i = 0; i < 10; i++) {
    wg.go(() => deposit(10));
  }
  await wg.wait();
  console.log('balance:', balance);
});
