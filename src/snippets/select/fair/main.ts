import {
  chan,
  main,
  recv,
  select,
} from 'gort';

const n = 10000;

main(async () => {
  const a = chan<string>(1, '');
  const b = chan<string>(1, '');
  await a.send('a');
  await b.send('b');

  const won = { a: 0, b: 0 };
  for (let i = 0; i < n; i++) {
    // both cases are ready every time
    const r = await select({
      a: recv(a),
      b: recv(b),
    });
    won[r.case]++;
    // ready again for the next select
    await (r.case === 'a' ? a : b).send(
      r.value,
    );
  }

  console.log(
    n,
    'selects, both cases ready',
  );
  for (const c of ['a', 'b'] as const) {
    const share = won[c] / n;
    console.log(
      `${c} won 40% to 60% of them: ${share >= 0.4 && share <= 0.6}`,
    );
  }
});
