import { main } from 'gort';
import { WaitGroup } from 'gort/sync';

function say(name: string): void {
  console.log(name);
}

main(async () => {
  const wg = new WaitGroup();
  // 按 A、B、C 的顺序启动：可是没有任何东西保证它们按这个顺序打印。
  // 无论调度器以什么顺序运行它们，都要让 A 先于 B、B 先于 C 打印。
  for (const name of ['A', 'B', 'C']) {
    wg.go(() => {
      say(name);
    });
  }
  await wg.wait();
  console.log('done');
});
