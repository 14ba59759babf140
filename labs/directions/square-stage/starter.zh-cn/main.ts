import { chan, go, main, type Chan } from 'gort';

// gen 把 nums 发到自己的通道上，发完就关闭。
function gen(...nums: number[]): Chan<number, number> {
  const out = chan<number>(0, 0);
  go(async () => {
    for (const n of nums) {
      await out.send(n);
    }
    out.close();
  });
  return out;
}

// sq 把 input 里每个数的平方发到自己创建的通道上，
// input 取空后就关闭这个通道。可这些类型没有说明
// 谁能发送、谁能关闭：请给 gen 和 sq 的通道
// 加上方向。
function sq(
  input: Chan<number, number>,
): Chan<number, number> {
  const out = chan<number>(0, 0);
  go(async () => {
    for await (const n of input) {
      await out.send(n * n);
    }
    out.close();
  });
  return out;
}

main(async () => {
  const squares = sq(gen(1, 2, 3, 4));
  for await (const v of squares) {
    console.log(v);
  }
  squares.close(); // main 用完 squares 了
});
