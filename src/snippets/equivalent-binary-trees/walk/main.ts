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

// show draws the tree as the Tour's does: (left value right).
function show(t: Tree | null): string {
  if (t === null) return '()';
  let s = '';
  if (t.left !== null)
    s += show(t.left) + ' ';
  s += String(t.value);
  if (t.right !== null)
    s += ' ' + show(t.right);
  return '(' + s + ')';
}

// walk sends the tree's values on ch in ascending order, then
// closes ch: once, after the whole tree.
async function walk(
  t: Tree | null,
  ch: SendChan<number>,
) {
  await walkTree(t, ch);
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

main(async () => {
  for (const seed of [1, 2]) {
    const t = newTree(1, seed);
    console.log('tree:', show(t));
    const ch = chan<number>(0, 0);
    go(() => walk(t, ch));
    const values: number[] = [];
    for await (const v of ch)
      values.push(v);
    console.log(
      `walk: [${values.join(' ')}]`,
    );
  }
});
