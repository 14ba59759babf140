import { main, recv, select } from 'gort';
import * as context from 'gort/context';
import * as time from 'gort/time';

// callee builds its context from the header, as a server does,
// and works for 500ms unless that context ends first.
async function callee(header: string) {
  const start = time.now();
  const ms = Number(header);
  const [ctx, cancel] = context.withTimeout(
    context.background(),
    ms * time.Millisecond,
  );
  try {
    const r = await select({
      done: recv(
        time.after(500 * time.Millisecond),
      ),
      cancelled: recv(ctx.done()),
    });
    if (r.case === 'done')
      console.log(
        'callee: done after',
        time.formatDuration(
          time.since(start),
        ),
      );
    else
      console.log(
        'callee:',
        ctx.err()?.message,
        'after',
        time.formatDuration(
          time.since(start),
        ),
      );
  } finally {
    cancel();
  }
}

main(async () => {
  const [ctx, cancel] = context.withTimeout(
    context.background(),
    200 * time.Millisecond,
  );
  try {
    await time.sleep(50 * time.Millisecond); // work done before the call
    const [deadline] = ctx.deadline();
    const header = String(
      time.until(deadline ?? time.now()),
    );
    console.log(
      'x-mesh-deadline-ms:',
      header,
    );
    await callee(header);
  } finally {
    cancel();
  }
});
