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

// worker 依次发送第 1 到第 50 次心跳，每次之间最多停 4m48s，
// 然后崩溃：再也不发任何东西。
async function worker(beats: Chan<number, number>) {
  for (let n = 1; n <= 50; n++) {
    await time.sleep(pauses[n % pauses.length] ?? 0);
    await beats.send(n);
  }
}

// monitor 一直接收心跳，直到 deadline 这么长时间没有心跳为止，
// 返回它一共收到了几次。
async function monitor(
  beats: Chan<number, number>,
  deadline: time.Duration,
): Promise<number> {
  let received = 0;
  const timeout = time.after(deadline);
  // 它触发的时候，worker 已经沉默多久了？
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
