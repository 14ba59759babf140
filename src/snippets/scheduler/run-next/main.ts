import { main } from 'gort';
import { WaitGroup } from 'gort/sync';

main(async () => {
  // gort has one thread: GOMAXPROCS is always 1
  const wg = new WaitGroup();
  for (const name of ['A', 'B', 'C']) {
    wg.go(() => {
      console.log('goroutine', name);
    });
  }
  await wg.wait(); // main blocks: the others run
  console.log('main: done');
});
