import { main } from 'gort';
import {
  Mutex,
  WaitGroup,
} from 'gort/sync';

// Store is the same map, guarded by a mutex instead of an owner.
class Store {
  readonly mu = new Mutex(); // guards #state
  readonly #state = new Map<
    string,
    number
  >();

  async read(key: string): Promise<number> {
    await this.mu.lock();
    try {
      return this.#state.get(key) ?? 0;
    } finally {
      this.mu.unlock(); // Go's defer s.mu.Unlock()
    }
  }

  async write(
    key: string,
    val: number,
  ): Promise<void> {
    await this.mu.lock();
    try {
      this.#state.set(key, val);
    } finally {
      this.mu.unlock(); // Go's defer s.mu.Unlock()
    }
  }
}

main(async () => {
  const s = new Store();

  // Three goroutines write at once, each holding the lock in turn.
  const wg = new WaitGroup();
  for (const [i, key] of [
    'a',
    'b',
    'c',
  ].entries()) {
    wg.go(() => s.write(key, i + 1));
  }
  await wg.wait();

  for (const key of ['a', 'b', 'c']) {
    console.log(
      key,
      '=',
      await s.read(key),
    );
  }
});
