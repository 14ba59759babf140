import { chan, go, main, type RecvChan } from 'gort';
import * as time from 'gort/time';

// source 每隔 every 在它返回的 channel 上发送 name1 .. name<n>，
// 然后关闭这个 channel。不要修改 source。
function source(
  name: string,
  n: number,
  every: time.Duration,
): RecvChan<string, string> {
  const c = chan<string>(0, '');
  go(async () => {
    for (let i = 1; i <= n; i++) {
      await time.sleep(every);
      await c.send(`${name}${i}`);
    }
    c.close();
  });
  return c;
}

// merge 把每个输入的每个值一到就转发出去，
// 并在所有输入都关闭之后关闭它的输出。
function merge(
  ...inputs: RecvChan<string, string>[]
): RecvChan<string, string> {
  const out = chan<string>(0, '');
  // 每个输入一个转发 goroutine，输入之间互不等待。
  for (const input of inputs) {
    go(async () => {
      for await (const v of input) {
        await out.send(v);
      }
    });
  }
  // TODO：等所有输入都关闭（每个转发 goroutine 都发完了最后
  // 一个值）之后，关闭 out。现在还没有人关闭它。
  return out;
}

main(async () => {
  const out = merge(
    source('a', 3, 20 * time.Millisecond),
    source('b', 5, 13 * time.Millisecond),
    source('c', 2, 35 * time.Millisecond),
    source('d', 0, 10 * time.Millisecond), // 什么也不发送
  );
  let n = 0;
  for await (const v of out) {
    console.log(v);
    n++;
  }
  console.log('merged', n, 'values');
});
