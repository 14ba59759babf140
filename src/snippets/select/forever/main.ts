import { go, main, select } from 'gort';

main(async () => {
  go(() => {
    console.log('worker: done');
  });
  await select({}); // wait forever
});
