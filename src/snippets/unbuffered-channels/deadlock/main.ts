import { chan, main } from 'gort';

const rounds = 3;

main(async () => {
  const ping = chan<number>(0, 0);
  const pong = chan<number>(0, 0);

  // The pong player is gone.

  let ball = 0;
  for (let i = 0; i < rounds; i++) {
    ball++;
    console.log('ping', ball);
    await ping.send(ball); // stuck
    ball = await pong.recv();
  }
});
