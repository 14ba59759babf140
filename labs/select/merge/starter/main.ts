import {
  chan,
  go,
  main,
  recv,
  select,
  type Chan,
} from 'gort';

// source sends name1, name2, ..., name<n> on the channel it
// returns, from a goroutine of its own, then closes it.
function source(
  name: string,
  n: number,
): Chan<string, string> {
  const out = chan<string>(0, '');
  go(async () => {
    for (let i = 1; i <= n; i++) {
      await out.send(`${name}${i}`);
    }
    out.close();
  });
  return out;
}

main(async () => {
  const a = source('a', 3);
  const b = source('b', 5);
  const fromA: string[] = [];
  const fromB: string[] = [];

  // Take each value from whichever source has one ready,
  // until both sources are closed.
  let closed = 0;
  while (closed < 2) {
    const r = await select({ a: recv(a), b: recv(b) });
    if (!r.ok) {
      closed++; // one more source is closed
    } else if (r.case === 'a') {
      fromA.push(r.value);
    } else {
      fromB.push(r.value);
    }
  }

  console.log('a:', fromA.join(' '));
  console.log('b:', fromB.join(' '));
  console.log(
    'both closed:',
    fromA.length + fromB.length,
    'values',
  );
});
