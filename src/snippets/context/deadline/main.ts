import { main } from 'gort';
import * as context from 'gort/context';
import * as time from 'gort/time';

main(async () => {
  const start = time.now();
  const [ctx, cancel] = context.withTimeout(
    context.background(),
    2 * time.Second,
  );
  // A child cannot outlive its parent:
  // an hour becomes 2s.
  const [child, cancelChild] =
    context.withTimeout(ctx, time.Hour);
  try {
    const [d] = child.deadline();
    console.log(
      "child's deadline:",
      time.formatDuration(
        d?.sub(start) ?? 0,
      ),
    );

    await child.done().recv();
    console.log(
      'at',
      time.formatDuration(
        time.since(start),
      ),
    );
    console.log(
      'child:',
      child.err()?.message,
    );
    console.log(
      'parent:',
      ctx.err()?.message,
    );

    // Canceled before its deadline:
    // canceled, not exceeded.
    const [early, cancelEarly] =
      context.withTimeout(
        context.background(),
        time.Minute,
      );
    cancelEarly();
    console.log(
      'early:',
      early.err()?.message,
    );

    // withCancelCause keeps why; err() is
    // still Canceled.
    const [req, stop] =
      context.withCancelCause(
        context.background(),
      );
    stop(new Error('client went away'));
    console.log('err:', req.err()?.message);
    console.log(
      'cause:',
      context.cause(req)?.message,
    );
    console.log(
      'is Canceled:',
      req.err() === context.Canceled,
    );
  } finally {
    cancelChild();
    cancel();
  }
});
