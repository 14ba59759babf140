import { chan, main } from 'gort';

const rounds = 3;

main(async () => {
  const ping = chan<number>(0, 0); // main -> the pong player
  const pong = chan<number>(0, 0); // the pong player -> main

  // TODO: start the pong player as a goroutine
  // (import `go` from 'gort'). In each of the `rounds`
  // rounds it receives the ball from `ping`, adds one,
  // prints `pong <ball>` and sends the ball back on `pong`.

  let ball = 0;
  for (let i = 0; i < rounds; i++) {
    ball++;
    console.log('ping', ball);
    await ping.send(ball); // waits for the pong player
    ball = await pong.recv();
  }
});
