import { chan, go, main, type SendChan } from 'gort';
import * as time from 'gort/time';

// Tree 是一棵二叉搜索树，和 golang.org/x/tour/tree 的一样。
interface Tree {
  left: Tree | null;
  value: number;
  right: Tree | null;
}

// build 按 seed 打乱的顺序把 values 插入一棵树：
// seed 相同，树的形状就相同。
function build(
  values: number[],
  seed: number,
): Tree | null {
  const order = [...values];
  let x = seed >>> 0;
  for (let i = order.length - 1; i > 0; i--) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0; // an LCG
    const j = (x >>> 16) % (i + 1);
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  let t: Tree | null = null;
  for (const v of order) t = insert(t, v);
  return t;
}

function insert(t: Tree | null, v: number): Tree {
  if (t === null)
    return { left: null, value: v, right: null };
  if (v < t.value) t.left = insert(t.left, v);
  else t.right = insert(t.right, v);
  return t;
}

// walk 把 t 的值按从小到大的顺序发送到 ch，
// 整棵树发送完之后关闭 ch。
async function walk(t: Tree | null, ch: SendChan<number>) {
  await walkTree(t, ch);
  ch.close();
}

// walkTree 从最小的值开始发送 t 的值。一旦没人再接收，
// 它的发送就会永远阻塞：给它一个 quit channel，
// 发送时用 select 同时等待 quit。
async function walkTree(
  t: Tree | null,
  ch: SendChan<number>,
) {
  if (t === null) return;
  await walkTree(t.left, ch);
  await ch.send(t.value);
  await walkTree(t.right, ch);
}

// same 判断 t1 和 t2 是否存有相同的值。
// 它在第一个不同之处就返回，把两个 walk 都丢在
// 阻塞的发送上：无论返回什么，返回时都要关闭
// 一个 quit channel。
async function same(
  t1: Tree | null,
  t2: Tree | null,
): Promise<boolean> {
  const ch1 = chan<number>(0, 0);
  const ch2 = chan<number>(0, 0);
  go(() => walk(t1, ch1));
  go(() => walk(t2, ch2));
  for (;;) {
    const [v1, ok1] = await ch1.recv2();
    const [v2, ok2] = await ch2.recv2();
    if (ok1 !== ok2 || v1 !== v2) return false;
    if (!ok1) return true;
  }
}

// 参与比较的树里的值。
const upTo = (n: number) =>
  Array.from({ length: n }, (_, i) => i + 1);
const ten = upTo(10); // 1, 2, ..., 10
const evens = ten.map((v) => 2 * v); // 2, 4, ..., 20
const eleven = [...upTo(9), 11]; // 1, ..., 9, 11
const five = upTo(5); // 1, ..., 5

// 要比较的树对。检查会读取每次比较发送了什么：
// 请不要修改它们。
const pairs: [string, Tree | null, Tree | null][] = [
  [
    'same values, different shapes',
    build(ten, 1),
    build(ten, 2),
  ],
  [
    'differ at the first value',
    build(ten, 3),
    build(evens, 3),
  ],
  [
    'differ at the last value',
    build(ten, 4),
    build(eleven, 5),
  ],
  [
    'the second is a prefix of the first',
    build(ten, 6),
    build(five, 7),
  ],
  [
    'the first is a prefix of the second',
    build(five, 8),
    build(ten, 9),
  ],
  ['both empty', null, null],
  ['one empty', null, build(ten, 10)],
];

main(async () => {
  for (const [name, t1, t2] of pairs) {
    console.log(`${name}: ${await same(t1, t2)}`);
    // 比较下一对之前，给 walk 一点时间停下来，
    // 就像 goleak 报告之前也会等 goroutine 一会儿。
    await time.sleep(time.Millisecond);
  }
});
