import { chan, main } from 'gort';

main(async () => {
  const queue = chan<string>(3); // room for 3
  await queue.send('a'); // none of these
  await queue.send('b'); // three sends waits:
  await queue.send('c'); // the buffer has room
  console.log('len', queue.len, 'cap', queue.cap);

  console.log(await queue.recv()); // first in,
  console.log(await queue.recv()); // first out
  console.log('len', queue.len, 'cap', queue.cap);
  console.log(await queue.recv());
});
