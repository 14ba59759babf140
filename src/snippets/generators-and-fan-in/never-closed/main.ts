import {
  chan,
  go,
  main,
  type RecvChan,
} from 'gort';

// count sends "msg 0" .. "msg n-1", then closes c: a
// generator that ends.
function count(
  msg: string,
  n: number,
): RecvChan<string, string> {
  const c = chan<string>(0, '');
  go(async () => {
    for (let i = 0; i < n; i++) {
      await c.send(`${msg} ${i}`);
    }
    c.close();
  });
  return c;
}

// fanIn forwards each input until it is closed, but
// nobody ever closes c.
function fanIn(
  input1: RecvChan<string, string>,
  input2: RecvChan<string, string>,
): RecvChan<string, string> {
  const c = chan<string>(0, '');
  go(async () => {
    for await (const s of input1) {
      await c.send(s);
    }
  });
  go(async () => {
    for await (const s of input2) {
      await c.send(s);
    }
  });
  return c;
}

main(async () => {
  let n = 0;
  for await (const _ of fanIn(
    count('Joe', 3),
    count('Ann', 3),
  )) {
    n++;
  }
  console.log('received', n); // never printed
});
