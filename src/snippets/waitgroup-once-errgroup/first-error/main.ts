import { main, recv, select } from 'gort';
import {
  background,
  type Context,
} from 'gort/context';
import { withContext } from 'gort/errgroup';
import * as time from 'gort/time';

// fetch waits d for a service to answer, unless ctx
// is canceled first. The orders service fails.
async function fetch(
  ctx: Context,
  name: string,
  d: time.Duration,
): Promise<[string, Error | null]> {
  const r = await select({
    answer: recv(time.after(d)),
    done: recv(ctx.done()),
  });
  if (r.case === 'done') {
    return [
      `${name}: ${ctx.err()!.message}`,
      ctx.err(),
    ];
  }
  if (name === 'orders') {
    return [
      `${name}: 503`,
      new Error(
        `${name}: 503 Service Unavailable`,
      ),
    ];
  }
  return [`${name}: ok`, null];
}

main(async () => {
  const start = time.now();
  const names = [
    'users',
    'orders',
    'catalog',
  ];
  const waits = [10, 20, 1000].map(
    (ms) => ms * time.Millisecond,
  );
  const results: string[] = [];

  const [g, ctx] = withContext(
    background(),
  );
  for (const [i, name] of names.entries()) {
    await g.go(async () => {
      const [result, err] = await fetch(
        ctx,
        name,
        waits[i]!,
      );
      results[i] = result;
      return err;
    });
  }
  const err = await g.wait();
  for (const r of results) console.log(r);
  console.log('Wait:', err?.message);
  console.log(
    'after',
    time.formatDuration(time.since(start)),
  );
});
