import {
  chan,
  go,
  main,
  recv,
  select,
  type Chan,
} from 'gort';

// source 在自己的 goroutine 里，往它返回的 channel 上依次
// 发送 name1、name2……name<n>，发完就关闭它。
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

  // 哪个来源先准备好，就先从哪个取值，
  // 直到两个来源都关闭。
  let closed = 0;
  while (closed < 2) {
    const r = await select({ a: recv(a), b: recv(b) });
    if (!r.ok) {
      closed++; // 又有一个来源关闭了
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
