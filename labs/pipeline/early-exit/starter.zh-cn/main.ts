import { chan, go, main, type RecvChan } from 'gort';
import * as context from 'gort/context';
import * as time from 'gort/time';

// gen 逐个发出 nums，
// 发完最后一个就关闭自己的通道。
// 它不知道消费者已经退出：把 ctx 传给它，
// 并在带 ctx.done() 的 select 里发送。
function gen(...nums: number[]): RecvChan<number, number> {
  const out = chan<number>(0, 0);
  go(async () => {
    for (const n of nums) {
      await out.send(n);
    }
    out.close();
  });
  return out;
}

// sq 给每个数求平方，每个要干 10ms 的活；
// 输入通道关闭后，它关闭自己的通道。
// 它也需要 ctx：干活时要用，发送时也要用。
function sq(
  input: RecvChan<number, number>,
): RecvChan<number, number> {
  const out = chan<number>(0, 0);
  go(async () => {
    for await (const n of input) {
      await time.sleep(10 * time.Millisecond);
      await out.send(n * n);
    }
    out.close();
  });
  return out;
}

main(async () => {
  const start = time.now();
  const [ctx, cancel] = context.withCancel(
    context.background(),
  );
  void ctx; // 还没有传给各个阶段
  const squares = sq(gen(1, 2, 3, 4, 5, 6, 7, 8));
  // 消费者只需要前三个平方数。
  for (let i = 0; i < 3; i++) {
    console.log(await squares.recv());
  }
  cancel(); // 消费者退出
  console.log(
    'consumer quit at',
    time.formatDuration(time.since(start)),
  );
  // main 接着去做别的事。
  await time.sleep(time.Second);
});
