import {
  chan,
  close,
  go,
  main,
  type RecvChan,
  type SendChan,
} from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';

// 任务开始的日志：检查读的就是它。
// 它能装下每一行，所以记日志从不等待。
const wire = chan<string>(100);

const jobCount = 10;
const workers = 3;
// 限流：空闲之后一次最多 3 个任务（突发），
// 之后每 100 毫秒一个。
const burst = 3;
const interval = 100 * time.Millisecond;

// 每个任务（1 到 10）要花多少毫秒。
const cost = [
  0, 250, 120, 80, 200, 60, 150, 90, 200, 40, 110,
];

// handle 处理一个任务并返回结果。不要修改它。
async function handle(id: number): Promise<number> {
  await wire.send(`start job ${id}`);
  await time.sleep(cost[id]! * time.Millisecond);
  return id * id;
}

// worker 不断取任务，直到 jobs 被关闭；
// 每个任务之前先从限流器取一个令牌。
async function worker(
  jobs: RecvChan<number>,
  tokens: RecvChan<void>,
  results: SendChan<number>,
) {
  for await (const id of jobs) {
    await tokens.recv();
    await results.send(await handle(id));
  }
}

// fill 每次 tick 往限流器里放一个令牌，
// 和 Go by Example 的突发限流器一样。
async function fill(limiter: SendChan<void>) {
  for await (const _tick of time.tick(interval)) {
    await limiter.send(undefined);
  }
}

main(async () => {
  // 限流器：一开始有 burst 个令牌，
  // 再由一个 goroutine 每隔 interval 补一个。
  const limiter = chan<void>(burst);
  for (let i = 0; i < burst; i++) {
    await limiter.send(undefined);
  }
  go(fill, limiter);

  const jobs = chan<number>();
  const results = chan<number>();
  const wg = new WaitGroup();
  for (let w = 0; w < workers; w++) {
    wg.go(() => worker(jobs, limiter, results));
  }
  // 发送任务的是单独的 goroutine，
  // 所以任务还在发送时，main 就能读 results。
  go(async () => {
    for (let id = 1; id <= jobCount; id++) {
      await jobs.send(id);
    }
    close(jobs);
  });
  // 最后一个 worker 返回之后，才关闭 results。
  go(async () => {
    await wg.wait();
    close(results);
  });

  let done = 0;
  let sum = 0;
  for await (const r of results) {
    done++;
    sum += r;
  }
  console.log(`${done} jobs done, sum of squares ${sum}`);
});
