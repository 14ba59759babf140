import { go, main } from 'gort';

function sayHello(): void {
  console.log('hello from a goroutine');
}

main(() => {
  go(sayHello);
  // no wait: main returns at once
  console.log('main: done');
});
