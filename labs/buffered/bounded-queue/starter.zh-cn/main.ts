import { chan, main } from 'gort';
import * as time from 'gort/time';

const jobs = 8;
const buffer = 3; // 队列里最多只能放 3 个任务

main(async () => {
  // 缓冲区原本是 `buffer`，结果死锁了，于是有人把它一路调大，
  // 直到死锁“消失”：main 发送的时候根本没有人接收，
  // 只有比整批任务还大的缓冲区才能把这一点掩盖过去。
  // TODO: 把它改回 `buffer`，并让生产者在自己的 goroutine
  // 里运行（从 'gort' 导入 `go`），这样发送的同时
  // 打印机就在取任务。
  const queue = chan<number>(buffer * 10, 0);

  // 生产者：按顺序尽快发送所有任务。
  for (let j = 1; j <= jobs; j++) {
    await queue.send(j);
    console.log('queued', j);
  }

  // 打印机：每个任务要 10 毫秒。
  for (let i = 0; i < jobs; i++) {
    const job = await queue.recv();
    await time.sleep(10 * time.Millisecond);
    console.log('printed', job);
  }
});
