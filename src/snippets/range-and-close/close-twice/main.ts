import { chan, main } from 'gort';

main(() => {
  const done = chan<void>();
  console.log('closing');
  done.close();
  console.log('closing again');
  done.close(); // panics
});
