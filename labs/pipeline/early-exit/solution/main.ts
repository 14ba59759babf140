import {
  chan,
  go,
  main,
  recv,
  select,
  send,
  type RecvChan,
} from 'gort';
import * as context from 'gort/context';
import * as time from 'gort/time';

// gen sends nums one by one and closes its channel on
// its way out, whether it sent them all or ctx was
// done first.
function gen(
  ctx: context.Context,
  ...nums: number[]
): RecvChan<number, number> {
  const out = chan<number>(0, 0);
  go(async () => {
    try {
      for (const n of nums) {
        const r = await select({
          sent: send(out, n),
          done: recv(ctx.done()),
        });
        if (r.case === 'done') return;
      }
    } finally {
      out.close();
    }
  });
  return out;
}

// sq squares each number (10ms of work), giving up on
// the work and on the send as soon as ctx is done.
function sq(
  ctx: context.Context,
  input: RecvChan<number, number>,
): RecvChan<number, number> {
  const out = chan<number>(0, 0);
  go(async () => {
    try {
      for await (const n of input) {
        const worked = await select({
          ready: recv(time.after(10 * time.Millisecond)),
          done: recv(ctx.done()),
        });
        if (worked.case === 'done') return;
        const r = await select({
          sent: send(out, n * n),
          done: recv(ctx.done()),
        });
        if (r.case === 'done') return;
      }
    } finally {
      out.close();
    }
  });
  return out;
}

main(async () => {
  const start = time.now();
  const [ctx, cancel] = context.withCancel(
    context.background(),
  );
  try {
    const squares = sq(
      ctx,
      gen(ctx, 1, 2, 3, 4, 5, 6, 7, 8),
    );
    // The consumer needs only the first three squares.
    for (let i = 0; i < 3; i++) {
      console.log(await squares.recv());
    }
  } finally {
    cancel(); // the consumer quits: every stage hears it
  }
  console.log(
    'consumer quit at',
    time.formatDuration(time.since(start)),
  );
  // main goes on with other work.
  await time.sleep(time.Second);
});
