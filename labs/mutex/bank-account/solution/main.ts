import { chan, main } from 'gort';
import { Mutex, WaitGroup } from 'gort/sync';

// The audit log: every change is recorded here before it is
// applied. It has room for every entry, so a send never waits;
// but a send is still an await, and at every await Go may run
// another goroutine.
const audit = chan<string>(100);

class Account {
  #balance = 0;
  // Guards #balance: held from each read to the write that
  // depends on it, across the audit send's await.
  readonly mu = new Mutex();

  async deposit(amount: number): Promise<void> {
    await this.mu.lock();
    try {
      const b = this.#balance;
      await audit.send(
        `deposit ${amount}: ${b} -> ${b + amount}`,
      );
      this.#balance = b + amount;
    } finally {
      this.mu.unlock(); // Go's defer a.mu.Unlock()
    }
  }

  // withdraw takes amount out if the account holds that much,
  // and says whether it did.
  async withdraw(amount: number): Promise<boolean> {
    await this.mu.lock();
    try {
      const b = this.#balance;
      if (b < amount) return false;
      await audit.send(
        `withdraw ${amount}: ${b} -> ${b - amount}`,
      );
      this.#balance = b - amount;
      return true;
    } finally {
      this.mu.unlock(); // on every return, as defer would
    }
  }

  // balance returns what the account holds now.
  async balance(): Promise<number> {
    await this.mu.lock();
    try {
      return this.#balance;
    } finally {
      this.mu.unlock(); // Go's defer a.mu.Unlock()
    }
  }
}

main(async () => {
  const account = new Account();
  const wg = new WaitGroup();
  for (let i = 0; i < 10; i++) {
    wg.go(() => account.deposit(100));
  }
  await wg.wait();
  console.log(
    'after 10 deposits of 100:',
    await account.balance(),
  );

  const paid: boolean[] = [];
  for (let i = 0; i < 4; i++) {
    wg.go(async () => {
      paid[i] = await account.withdraw(300);
    });
  }
  await wg.wait();
  const n = paid.filter(Boolean).length;
  console.log('withdrawals of 300 paid:', n, 'of 4');
  console.log('balance:', await account.balance());
});
