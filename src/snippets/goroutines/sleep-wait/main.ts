import { go, main } from 'gort';
import * as time from 'gort/time';

function sayHello(): void {
  console.log('hello from a goroutine');
}

main(async () => {
  go(sayHello);
  // the article's wait: long enough?
  await time.sleep(1 * time.Second);
  console.log('main: done');
});
