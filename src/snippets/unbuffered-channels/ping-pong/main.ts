import { chan, go, main } from 'gort';

const rounds = 3;

main(async () => {
  // ping: main -> player; pong: back
  const ping = chan<number>(0, 0);
  const pong = chan<number>(0, 0);

  go(async () => {
    // the pong player
    for (let i = 0; i < rounds; i++) {
      let ball = await ping.recv();
      ball++;
      console.log('pong', ball);
      await pong.send(ball);
    }
  });

  let ball = 0;
  for (let i = 0; i < rounds; i++) {
    ball++;
    console.log('ping', ball);
    await ping.send(ball); // blocks
    ball = await pong.recv();
  }
});
