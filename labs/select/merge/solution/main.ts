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
  // null is Go's nil channel: a select case on it never runs.
  let a: Chan<string, string> | null = source('a', 3);
  let b: Chan<string, string> | null = source('b', 5);
  const fromA: string[] = [];
  const fromB: string[] = [];

  // Take each value from whichever source has one ready,
  // until both sources are closed.
  while (a !== null || b !== null) {
    const r = await select({ a: recv(a), b: recv(b) });
    if (r.case === 'a') {
      if (r.ok) fromA.push(r.value);
      else a = null; // closed: turn its case off
    } else {
      if (r.ok) fromB.push(r.value);
      else b = null;
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
