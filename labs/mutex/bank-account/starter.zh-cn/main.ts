import { chan, main } from 'gort';
import { Mutex, WaitGroup } from 'gort/sync';

// 审计日志：每一笔变动都先记在这里，然后才真正生效。
// 它的缓冲放得下所有记录，所以发送从不需要等待；
// 但发送仍然是一次 await，而在每个 await 处，Go 都可能
// 转去运行另一个 goroutine。
const audit = chan<string>(100);

class Account {
  #balance = 0;
  // 保护 #balance。下面的 balance() 用了它；
  // deposit 和 withdraw 还没有用。
  readonly mu = new Mutex();

  async deposit(amount: number): Promise<void> {
    const b = this.#balance;
    await audit.send(
      `deposit ${amount}: ${b} -> ${b + amount}`,
    );
    this.#balance = b + amount;
  }

  // withdraw：账户里的钱够 amount 就取出来，
  // 并返回是否取成功。
  async withdraw(amount: number): Promise<boolean> {
    const b = this.#balance;
    if (b < amount) return false;
    await audit.send(
      `withdraw ${amount}: ${b} -> ${b - amount}`,
    );
    this.#balance = b - amount;
    return true;
  }

  // balance：账户里现在有多少钱。
  async balance(): Promise<number> {
    await this.mu.lock();
    try {
      return this.#balance;
    } finally {
      this.mu.unlock(); // 相当于 Go 的 defer a.mu.Unlock()
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
