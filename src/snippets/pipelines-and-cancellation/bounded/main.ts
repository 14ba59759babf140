import {
  chan,
  go,
  main,
  recv,
  select,
  send,
  type RecvChan,
  type SendChan,
} from 'gort';
import * as context from 'gort/context';
import { WaitGroup } from 'gort/sync';

// null: a file that cannot be read.
type Files = Map<string, string | null>;

// A file's path and its checksum, or why
// it could not be read.
interface Result {
  path: string;
  sum: number;
  err: Error | null;
}

// FNV-1a, 32 bits, as Go's hash/fnv New32a
// computes it (no node:crypto here: the
// labs run in the browser).
function fnv32a(data: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(
    data,
  )) {
    h = Math.imul(h ^ b, 0x01000193) >>> 0;
  }
  return h;
}

// walkFiles sends each path, in order,
// until ctx is done.
async function walkFiles(
  ctx: context.Context,
  files: Files,
  paths: SendChan<string>,
) {
  try {
    for (const path of [
      ...files.keys(),
    ].sort()) {
      const r = await select({
        sent: send(paths, path),
        done: recv(ctx.done()),
      });
      if (r.case === 'done') return;
    }
  } finally {
    paths.close();
  }
}

// digester reads and sums files from paths
// until paths is closed or ctx is done.
async function digester(
  ctx: context.Context,
  files: Files,
  paths: RecvChan<string, string>,
  c: SendChan<Result>,
) {
  for await (const path of paths) {
    const data = files.get(path) ?? null;
    const r: Result =
      data === null
        ? {
            path,
            sum: 0,
            err: new Error(
              `read ${path}: permission denied`,
            ),
          }
        : {
            path,
            sum: fnv32a(data),
            err: null,
          };
    const s = await select({
      sent: send(c, r),
      done: recv(ctx.done()),
    });
    if (s.case === 'done') return;
  }
}

// At most this many files are read at once.
const numDigesters = 2;

// sumAll is the blog's MD5All with a smaller
// checksum: every file's sum, or the first
// error. The first error cancels ctx, which
// stops the walk and the digesters; sumAll
// returns once they all have.
async function sumAll(
  parent: context.Context,
  files: Files,
): Promise<
  [Map<string, number>, Error | null]
> {
  const [ctx, cancel] =
    context.withCancel(parent);
  try {
    const paths = chan<string>(0, '');
    const c = chan<Result>(0, {
      path: '',
      sum: 0,
      err: null,
    });
    const wg = new WaitGroup();
    wg.go(() =>
      walkFiles(ctx, files, paths),
    );
    for (let i = 0; i < numDigesters; i++) {
      wg.go(() =>
        digester(ctx, files, paths, c),
      );
    }
    go(async () => {
      await wg.wait();
      c.close();
    });

    const sums = new Map<string, number>();
    let first: Error | null = null;
    // until every goroutine above has stopped
    for await (const r of c) {
      if (r.err !== null) {
        if (first === null) {
          first = r.err;
          cancel();
        }
        continue;
      }
      sums.set(r.path, r.sum);
    }
    if (first !== null)
      return [new Map(), first];
    return [sums, null];
  } finally {
    cancel();
  }
}

const hex = (n: number) =>
  n.toString(16).padStart(8, '0');

main(async () => {
  const files: Files = new Map([
    ['go.mod', 'module example.com/pipe\n'],
    ['main.go', 'package main\n'],
    [
      'README',
      'Pipelines and cancellation\n',
    ],
    ['stage.go', 'package main\n'],
  ]);
  const [sums, err] = await sumAll(
    context.background(),
    files,
  );
  if (err !== null) {
    console.log('error:', err.message);
  }
  for (const path of [
    ...sums.keys(),
  ].sort()) {
    console.log(
      `${hex(sums.get(path) ?? 0)}  ${path}`,
    );
  }

  files.set('secret.key', null);
  const [, err2] = await sumAll(
    context.background(),
    files,
  );
  console.log('error:', err2?.message);
});
