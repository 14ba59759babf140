import { main } from 'gort';
import { WaitGroup } from 'gort/sync';

function say(name: string): void {
  console.log(name);
}

main(async () => {
  const wg = new WaitGroup();
  // Started in the order A, B, C: but nothing makes them print in that order.
  // Make A print before B and B before C, whatever order the scheduler runs them in.
  for (const name of ['A', 'B', 'C']) {
    wg.go(() => {
      say(name);
    });
  }
  await wg.wait();
  console.log('done');
});
