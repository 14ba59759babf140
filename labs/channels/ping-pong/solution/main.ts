import { chan, go, main } from 'gort';

const rounds = 3;

main(async () => {
  const ping = chan<number>(0, 0); // main -> the pong player
  const pong = chan<number>(0, 0); // the pong player -> main

  // The pong player: receive, hit (add one), report, send back.
  go(async () => {
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
    await ping.send(ball); // waits for the pong player
    ball = await pong.recv();
  }
});
