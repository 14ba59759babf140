import {
  chan,
  close,
  go,
  main,
  recv,
  select,
  type Chan,
} from 'gort';
import * as context from 'gort/context';
import { WaitGroup } from 'gort/sync';

// A request to read one key; the owner answers on resp.
interface ReadOp {
  key: string;
  resp: Chan<number, number>;
}

// A request to write one key; the owner says it is done on resp.
interface WriteOp {
  key: string;
  val: number;
  resp: Chan<boolean, boolean>;
}

// owner is the only goroutine that touches state. It serves one
// request at a time until ctx is done.
async function owner(
  ctx: context.Context,
  reads: Chan<ReadOp | null, null>,
  writes: Chan<WriteOp | null, null>,
  stopped: Chan<void>,
) {
  try {
    const state = new Map<string, number>();
    let served = 0;
    for (;;) {
      const r = await select({
        read: recv(reads),
        write: recv(writes),
        done: recv(ctx.done()),
      });
      if (r.case === 'done') {
        console.log(
          'owner: served',
          served,
          'requests',
        );
        return;
      }
      if (
        r.case === 'read' &&
        r.value !== null
      ) {
        await r.value.resp.send(
          state.get(r.value.key) ?? 0,
        );
      }
      if (
        r.case === 'write' &&
        r.value !== null
      ) {
        state.set(r.value.key, r.value.val);
        await r.value.resp.send(true);
      }
      served++;
    }
  } finally {
    close(stopped); // Go's defer close(stopped)
  }
}

main(async () => {
  const [ctx, cancel] = context.withCancel(
    context.background(),
  );
  const reads = chan<ReadOp | null, null>(
    0,
    null,
  );
  const writes = chan<WriteOp | null, null>(
    0,
    null,
  );
  const stopped = chan<void>();
  go(owner, ctx, reads, writes, stopped);

  // Three goroutines write at once; none of them touches state.
  const wg = new WaitGroup();
  for (const [i, key] of [
    'a',
    'b',
    'c',
  ].entries()) {
    wg.go(async () => {
      const write = {
        key,
        val: i + 1,
        resp: chan<boolean, boolean>(
          0,
          false,
        ),
      };
      await writes.send(write);
      await write.resp.recv();
    });
  }
  await wg.wait();

  for (const key of ['a', 'b', 'c']) {
    const read = {
      key,
      resp: chan<number, number>(0, 0),
    };
    await reads.send(read);
    console.log(
      key,
      '=',
      await read.resp.recv(),
    );
  }
  cancel(); // the owner's ctx.done() is closed...
  await stopped.recv(); // ...and main waits until it has returned
});
