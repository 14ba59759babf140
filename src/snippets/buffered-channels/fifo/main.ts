import { chan, main } from 'gort';

main(async () => {
  const ch = chan<string>(3); // room for 3
  await ch.send('a'); // none of these
  await ch.send('b'); // three sends waits:
  await ch.send('c'); // the buffer has room
  console.log('len', ch.len, 'cap', ch.cap);

  console.log(await ch.recv()); // first in,
  console.log(await ch.recv()); // first out
  console.log('len', ch.len, 'cap', ch.cap);
  console.log(await ch.recv());
});
