import {
  chan,
  close,
  go,
  main,
  type RecvChan,
  type SendChan,
} from 'gort';
import { WaitGroup } from 'gort/sync';
import * as atomic from 'gort/sync/atomic';
import * as time from 'gort/time';

// 服务器的计数器，请求处理期间 /metrics 页面会读取它们。
const served = new atomic.Int64(); // 已处理完的请求数
const inFlight = new atomic.Int64(); // 正在处理的请求数
const maxInFlight = new atomic.Int64(); // 同时处理数的最大值

// 负载：每个请求何时到达、要处理多久。
const requests = [
  { at: 0, work: 20 },
  { at: 0, work: 8 },
  { at: 0, work: 30 },
  { at: 5, work: 3 },
  { at: 12, work: 40 },
  { at: 31, work: 2 },
  { at: 31, work: 6 },
  { at: 31, work: 6 },
  { at: 31, work: 6 },
  { at: 31, work: 25 },
  { at: 44, work: 4 },
  { at: 50, work: 10 },
].map((r) => ({
  at: r.at * time.Millisecond,
  work: r.work * time.Millisecond,
}));

// writeLog 逐行打印服务器的日志。
async function writeLog(
  lines: RecvChan<string>,
  done: SendChan<void>,
) {
  for await (const line of lines) console.log(line);
  close(done);
}

// handle 处理一个请求。
async function handle(
  log: SendChan<string>,
  work: time.Duration,
) {
  const now = inFlight.add(1);
  // 记下同时在处理的请求数的最大值，每创新高就记一行日志。
  const max = maxInFlight.load();
  if (now > max) {
    await log.send(`new high: ${now} in flight`);
    maxInFlight.store(now);
  }

  await time.sleep(work); // 处理请求
  inFlight.add(-1);

  // 给请求计数，并带着编号记一行日志。
  await log.send(`request ${served.load() + 1} done`);
  served.add(1);
}

main(async () => {
  const log = chan<string>();
  const logged = chan<void>();
  go(() => writeLog(log, logged));

  const start = time.now();
  const wg = new WaitGroup();
  for (const r of requests) {
    await time.sleep(r.at - time.since(start));
    wg.go(() => handle(log, r.work));
  }
  await wg.wait();
  close(log);
  await logged.recv();

  console.log('served:', served.load());
  console.log('in flight:', inFlight.load());
  console.log('max in flight:', maxInFlight.load());
});
