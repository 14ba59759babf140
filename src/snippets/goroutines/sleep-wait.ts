import { go, main } from 'gort';
import { Second, sleep } from 'gort/time';

function sayHello(): void {
  console.log('hello from a goroutine');
}

main(async () => {
  go(sayHello);
  await sleep(1 * Second); // long enough?
  console.log('main: done');
});
