import { chan, main } from 'gort';

main(async () => {
  const queue = chan<string>(3);
  await queue.send('a');
  await queue.send('b');
  await queue.send('c');
  console.log('three sent');
  await queue.send('d'); // the buffer is full
  console.log('four sent');
  console.log(await queue.recv());
});
