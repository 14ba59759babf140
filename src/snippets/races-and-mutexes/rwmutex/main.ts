import {
  chan,
  main,
  type SendChan,
} from 'gort';
import {
  RWMutex,
  WaitGroup,
} from 'gort/sync';
import * as time from 'gort/time';

const mu = new RWMutex(); // guards prices
const prices = new Map([['apple', 3]]);

// reader reads under the read lock, and holds it for hold.
async function reader(
  id: number,
  holding: SendChan<number>,
  hold: time.Duration,
) {
  await mu.rLock();
  try {
    console.log(
      `reader ${id}: apple costs ${prices.get('apple')}`,
    );
    await holding.send(id);
    await time.sleep(hold);
  } finally {
    mu.rUnlock();
  }
}

// writer asks for the lock while the readers hold it; a reader
// that comes after it waits for it.
async function writer(
  wg: WaitGroup,
  holding: SendChan<number>,
) {
  console.log(
    'writer waits for the readers',
  );
  wg.go(async () => {
    await time.sleep(10 * time.Millisecond);
    console.log(
      'reader 3 waits for the writer',
    );
    await reader(3, holding, 0);
  });
  await mu.lock();
  try {
    prices.set('apple', 4);
    console.log(
      'writer: apple now costs 4',
    );
  } finally {
    mu.unlock();
  }
}

main(async () => {
  const wg = new WaitGroup();
  const holding = chan<number>(3);
  wg.go(() =>
    reader(
      1,
      holding,
      200 * time.Millisecond,
    ),
  );
  await holding.recv();
  wg.go(() =>
    reader(
      2,
      holding,
      200 * time.Millisecond,
    ),
  );
  await holding.recv(); // both readers hold the read lock now
  wg.go(() => writer(wg, holding));
  await wg.wait();
});
