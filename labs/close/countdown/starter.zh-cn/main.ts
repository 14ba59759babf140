import { chan, go, main, type Chan } from 'gort';

// countdown 在自己的 goroutine 里，往它返回的 channel 上
// 依次发送 from、from-1……1。
function countdown(from: number): Chan<number, number> {
  const out = chan<number>(0, 0);
  go(async () => {
    for (let n = from; n > 0; n--) {
      await out.send(n);
    }
    // 最后一个值已经发出：main 怎么知道后面没有了？
  });
  return out;
}

main(async () => {
  const ch = countdown(3);
  for await (const n of ch) {
    console.log(n);
  }
  ch.close(); // main 用完这个 channel 了
  console.log('liftoff!');
});
