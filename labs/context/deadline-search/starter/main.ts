import {
  chan,
  go,
  main,
  recv,
  select,
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

// ask waits for one backend's answer and sends it on out.
// It never hears about the caller's deadline: give it ctx.
async function ask(
  backend: (typeof backends)[number],
  out: Chan<string, string>,
) {
  await time.sleep(backend.latency);
  await out.send(backend.name);
}

// search asks every backend at once and returns what
// answered before ctx was done, with an error if it was.
async function search(
  ctx: context.Context,
): Promise<[string[], Error | null]> {
  const out = chan<string>(0, '');
  for (const backend of backends) {
    go(() => ask(backend, out));
  }
  const found: string[] = [];
  while (found.length < backends.length) {
    const r = await select({
      hit: recv(out),
      done: recv(ctx.done()),
    });
    if (r.case === 'done') {
      return [found, new Error('search timed out')];
    }
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
