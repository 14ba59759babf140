import { chan, main } from 'gort';

const rounds = 3;

main(async () => {
  const ping = chan<number>(0, 0); // main -> pong 选手
  const pong = chan<number>(0, 0); // pong 选手 -> main

  // TODO: 用一个 goroutine 启动 pong 选手
  // （从 'gort' 导入 `go`）。在 `rounds` 回合的每一回合里，
  // 它从 `ping` 接球，把球加一，打印 `pong <ball>`，
  // 再通过 `pong` 把球传回去。

  let ball = 0;
  for (let i = 0; i < rounds; i++) {
    ball++;
    console.log('ping', ball);
    await ping.send(ball); // 等待 pong 选手接球
    ball = await pong.recv();
  }
});
