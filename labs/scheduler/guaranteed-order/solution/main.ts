import { chan, close, main, type Chan } from 'gort';
import { WaitGroup } from 'gort/sync';

function say(name: string): void {
  console.log(name);
}

main(async () => {
  const wg = new WaitGroup();
  // Each goroutine waits until the one before it has printed: a chain of closed channels.
  let prev: Chan<void> | null = null;
  for (const name of ['A', 'B', 'C']) {
    const before = prev;
    const printed = chan<void>();
    wg.go(async () => {
      if (before !== null) await before.recv();
      say(name);
      close(printed);
    });
    prev = printed;
  }
  await wg.wait();
  console.log('done');
});
