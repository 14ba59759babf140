import {
  chan,
  go,
  main,
  type RecvChan,
} from 'gort';

// words owns the channel it returns:
// it makes it, only it sends on it,
// and it closes it however it ends.
function words(
  ...text: string[]
): RecvChan<string, string> {
  const out = chan<string>(0, '');
  go(async () => {
    try {
      for (const w of text) {
        await out.send(w);
      }
    } finally {
      out.close();
    }
  });
  return out;
}

main(async () => {
  const ws = words(
    'owners',
    'close',
    'their',
    'channels',
  );
  for await (const w of ws) {
    console.log(w);
  }
});
