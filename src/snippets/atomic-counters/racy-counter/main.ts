import { main } from 'gort';
import { WaitGroup } from 'gort/sync';

main(async () => {
  let ops = 0;
  const wg = new WaitGroup();
  for (let g = 0; g < 50; g++) {
    wg.go(() => {
      for (let i = 0; i < 1000; i++) {
        ops++; // one step in JavaScript: no await inside
      }
    });
  }
  await wg.wait();
  console.log('ops:', ops);
});
