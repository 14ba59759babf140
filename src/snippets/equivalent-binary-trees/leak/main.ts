import {
  chan,
  go,
  main,
  type SendChan,
} from 'gort';

// Tree is a binary search tree, as in golang.org/x/tour/tree.
interface Tree {
  left: Tree | null;
  value: number;
  right: Tree | null;
}

// newTree returns a tree holding k, 2k, ..., 10k, inserted in
// an order shuffled by seed: the same seed, the same shape.
function newTree(
  k: number,
  seed: number,
): Tree | null {
  const values = Array.from(
    { length: 10 },
    (_, i) => (i + 1) * k,
  );
  let x = seed >>> 0;
  for (
    let i = values.length - 1;
    i > 0;
    i--
  ) {
    x =
      (Math.imul(x, 1664525) +
        1013904223) >>>
      0; // an LCG
    const j = (x >>> 16) % (i + 1);
    [values[i], values[j]] = [
      values[j] ?? 0,
      values[i] ?? 0,
    ];
  }
  let t: Tree | null = null;
  for (const v of values) t = insert(t, v);
  return t;
}

function insert(
  t: Tree | null,
  v: number,
): Tree {
  if (t === null)
    return {
      left: null,
      value: v,
      right: null,
    };
  if (v < t.value)
    t.left = insert(t.left, v);
  else t.right = insert(t.right, v);
  return t;
}

// walking counts the walks that have not reached their end.
let walking = 0;

// walk sends the tree's values on ch in ascending order, then
// closes ch: once, after the whole tree.
async function walk(
  t: Tree | null,
  ch: SendChan<number>,
) {
  walking++;
  await walkTree(t, ch);
  walking--;
  ch.close();
}

// walkTree is the recursion: left subtree, this value, right.
async function walkTree(
  t: Tree | null,
  ch: SendChan<number>,
) {
  if (t === null) return;
  await walkTree(t.left, ch);
  await ch.send(t.value);
  await walkTree(t.right, ch);
}

// same reports whether t1 and t2 hold the same values: the
// solution most pages publish. It returns at the first difference.
async function same(
  t1: Tree | null,
  t2: Tree | null,
) {
  const ch1 = chan<number>(0, 0);
  const ch2 = chan<number>(0, 0);
  go(() => walk(t1, ch1));
  go(() => walk(t2, ch2));
  for (;;) {
    const [v1, ok1] = await ch1.recv2();
    const [v2, ok2] = await ch2.recv2();
    if (ok1 !== ok2 || v1 !== v2)
      return false;
    if (!ok1) return true;
  }
}

main(async () => {
  console.log(
    'same values:',
    await same(
      newTree(1, 1),
      newTree(1, 2),
    ),
  );
  console.log(
    '1s against 2s:',
    await same(
      newTree(1, 1),
      newTree(2, 1),
    ),
  );
  console.log(
    'walks not finished:',
    walking,
  );
});
