import {
  chan,
  go,
  main,
  select,
  send,
  recv,
  type RecvChan,
  type SendChan,
} from 'gort';
import * as time from 'gort/time';

// Tree is a binary search tree, as in golang.org/x/tour/tree.
interface Tree {
  left: Tree | null;
  value: number;
  right: Tree | null;
}

// build inserts values into a tree in an order shuffled by
// seed: the same seed, the same shape.
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

// walk sends t's values on ch in ascending order, then
// closes ch. It stops early, and still closes ch, when
// quit is closed.
async function walk(
  t: Tree | null,
  ch: SendChan<number>,
  quit: RecvChan<void>,
) {
  await walkTree(t, ch, quit);
  ch.close();
}

// walkTree sends t's values, smallest first; it returns
// false when quit was closed, so that the walk stops.
async function walkTree(
  t: Tree | null,
  ch: SendChan<number>,
  quit: RecvChan<void>,
): Promise<boolean> {
  if (t === null) return true;
  if (!(await walkTree(t.left, ch, quit))) return false;
  const r = await select({
    sent: send(ch, t.value),
    quit: recv(quit),
  });
  if (r.case === 'quit') return false;
  return walkTree(t.right, ch, quit);
}

// same reports whether t1 and t2 hold the same values.
// Whatever it returns, it closes quit, so both walks stop.
async function same(
  t1: Tree | null,
  t2: Tree | null,
): Promise<boolean> {
  const quit = chan<void>();
  const ch1 = chan<number>(0, 0);
  const ch2 = chan<number>(0, 0);
  go(() => walk(t1, ch1, quit));
  go(() => walk(t2, ch2, quit));
  try {
    for (;;) {
      const [v1, ok1] = await ch1.recv2();
      const [v2, ok2] = await ch2.recv2();
      if (ok1 !== ok2 || v1 !== v2) return false;
      if (!ok1) return true;
    }
  } finally {
    quit.close();
  }
}

// The values of the trees compared.
const upTo = (n: number) =>
  Array.from({ length: n }, (_, i) => i + 1);
const ten = upTo(10); // 1, 2, ..., 10
const evens = ten.map((v) => 2 * v); // 2, 4, ..., 20
const eleven = [...upTo(9), 11]; // 1, ..., 9, 11
const five = upTo(5); // 1, ..., 5

// The pairs compared. The check reads what each
// comparison sends: leave them as they are.
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
    // Give the walks a moment to stop before the next pair,
    // as goleak gives goroutines before it reports them.
    await time.sleep(time.Millisecond);
  }
});
