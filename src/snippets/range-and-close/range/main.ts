import { chan, go, main } from 'gort';
import type { Chan } from 'gort';

const text = 'close means no more values';

// words sends the words of text, then closes
// the channel: there are no more.
async function words(
  text: string,
  out: Chan<string, string>,
) {
  for (const w of text.split(' ')) {
    await out.send(w);
  }
  out.close();
}

main(async () => {
  const ch = chan<string>(0, '');
  go(() => words(text, ch));

  for await (const w of ch) {
    console.log(w);
  }
  console.log('end of stream');
});
