import { gosched, main } from 'gort';
import { WaitGroup } from 'gort/sync';

main(async () => {
  const wg = new WaitGroup();
  for (const name of ['A', 'B', 'C']) {
    wg.go(() => {
      console.log('goroutine', name);
    });
  }
  await gosched(); // main yields, but is not blocked
  console.log('main: after Gosched');
  await wg.wait();
});
