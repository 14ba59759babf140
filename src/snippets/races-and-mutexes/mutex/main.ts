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
  try {
    const b = balance;
    await audit.send(
      `deposit ${n}: ${b} -> ${b + n}`,
    );
    balance = b + n;
  } finally {
    mu.unlock(); // runs however deposit returns
  }
}

main(async () => {
  const wg = new WaitGroup();
  for (let i = 0; i < 10; i++) {
    wg.go(() => deposit(100));
  }
  await wg.wait();
  console.log('balance:', balance);
});
