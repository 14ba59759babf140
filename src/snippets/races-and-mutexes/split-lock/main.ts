import { chan, main } from 'gort';
import {
  Mutex,
  WaitGroup,
} from 'gort/sync';

const mu = new Mutex(); // guards balance
let balance = 0;

const audit = chan<string>(100);

async function deposit(n: number) {
  await mu.lock();
  const b = balance; // every access is locked...
  mu.unlock();
  await audit.send(
    `deposit ${n}: ${b} -> ${b + n}`,
  );
  await mu.lock();
  balance = b + n; // ...but not the whole update
  mu.unlock();
}

main(async () => {
  const wg = new WaitGroup();
  for (let i = 0; i < 10; i++) {
    wg.go(() => deposit(100));
  }
  await wg.wait();
  console.log('balance:', balance);
});
