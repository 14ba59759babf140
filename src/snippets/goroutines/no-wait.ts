import { go, main } from 'gort';

function sayHello(): void {
  console.log('hello from a goroutine');
}

main(async () => {
  go(sayHello);
  // no wait: main returns, the program ends
  console.log('main: done');
});
