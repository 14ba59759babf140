import {
  chan,
  go,
  main,
  recv,
  select,
  type Chan,
} from 'gort';
import * as time from 'gort/time';

const deadline = 5 * time.Minute;
const pauses = [4, 2.5, 4.8, 1, 0.5].map(
  (m) => m * time.Minute,
);

// worker sends heartbeats 1 to 50, after pauses of up to 4m48s
// each, then crashes: it sends nothing more.
async function worker(beats: Chan<number, number>) {
  for (let n = 1; n <= 50; n++) {
    await time.sleep(pauses[n % pauses.length] ?? 0);
    await beats.send(n);
  }
}

// monitor receives heartbeats until none has come for deadline,
// and returns how many it received.
async function monitor(
  beats: Chan<number, number>,
  deadline: time.Duration,
): Promise<number> {
  let received = 0;
  const timeout = time.after(deadline);
  // How long has the worker been silent when this fires?
  for (;;) {
    const r = await select({
      beat: recv(beats),
      silent: recv(timeout),
    });
    if (r.case === 'silent') return received;
    received++;
  }
}

main(async () => {
  const start = time.now();
  const beats = chan<number>(0, 0);
  go(() => worker(beats));
  const received = await monitor(beats, deadline);
  console.log('heartbeats received:', received);
  console.log(
    'alarm at',
    time.formatDuration(time.since(start)),
  );
});
