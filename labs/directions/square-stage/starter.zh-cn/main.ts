import { chan, go, main, type Chan } from 'gort';

// gen 把 nums 依次发到它自己创建的通道上，发完就关闭。
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

// sq 从 input 接收每个数，把它的平方发到自己创建的通道上，
// input 取空后关闭这个通道。可现在的类型没有说明谁能发送、
// 谁能关闭：请给 gen 的返回值、sq 的参数和返回值加上方向。
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
