import {
  chan,
  go,
  main,
  recv,
  select,
  send,
  type Chan,
} from 'gort';
import * as context from 'gort/context';
import * as time from 'gort/time';

// The backends a search asks, and how long each
// takes to answer.
const backends = [
  { name: 'web', latency: 30 * time.Millisecond },
  { name: 'images', latency: 60 * time.Millisecond },
  { name: 'video', latency: 250 * time.Millisecond },
];

// ask waits for one backend's answer and sends it on
// out, unless ctx is done first: then it gives up at once.
async function ask(
  ctx: context.Context,
  backend: (typeof backends)[number],
  out: Chan<string, string>,
) {
  const r = await select({
    answered: recv(time.after(backend.latency)),
    done: recv(ctx.done()),
  });
  if (r.case === 'done') return;
  await select({
    sent: send(out, backend.name),
    done: recv(ctx.done()),
  });
}

// search asks every backend at once and returns what
// answered before ctx was done, with ctx.err() if it was.
async function search(
  ctx: context.Context,
): Promise<[string[], Error | null]> {
  const out = chan<string>(0, '');
  for (const backend of backends) {
    go(() => ask(ctx, backend, out));
  }
  const found: string[] = [];
  while (found.length < backends.length) {
    const r = await select({
      hit: recv(out),
      done: recv(ctx.done()),
    });
    if (r.case === 'done') return [found, ctx.err()];
    found.push(r.value);
  }
  return [found, null];
}

main(async () => {
  const start = time.now();
  const [ctx, cancel] = context.withTimeout(
    context.background(),
    100 * time.Millisecond,
  );
  const [found, err] = await search(ctx);
  cancel();
  console.log('found:', found.join(', '));
  console.log('error:', err?.message);
  console.log(
    'deadline exceeded:',
    err === context.DeadlineExceeded,
  );
  console.log(
    'search returned at',
    time.formatDuration(time.since(start)),
  );
  // The caller goes on with its work (a server, with
  // its next request).
  await time.sleep(time.Second);
});
