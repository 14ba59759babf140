import { go, main } from 'gort';
import * as time from 'gort/time';

const workers = 5;

// 工作者 `id` 工作 id × 100 毫秒，然后报告。
async function worker(id: number): Promise<void> {
  await time.sleep(id * 100 * time.Millisecond);
  console.log(`worker ${id} done`);
}

main(async () => {
  for (let id = 1; id <= workers; id++) {
    go(worker, id);
  }

  // 原文的等待方式：睡一会儿，并指望
  // 到那时每个工作者都已完成。
  // TODO: 改用 WaitGroup 等待，不要睡眠。
  await time.sleep(350 * time.Millisecond);

  console.log('main: all workers done');
});
