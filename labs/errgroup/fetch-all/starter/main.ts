import { chan, main, recv, select } from 'gort';
import { background, type Context } from 'gort/context';
import { WaitGroup } from 'gort/sync';
import { after, Millisecond } from 'gort/time';

// The server's access log: every request, and how it ended.
// It has room for every line, so logging never waits.
const wire = chan<string>(100);

// How long the server takes to answer each item (1 to 12).
const latency = [
  0, 40, 70, 50, 30, 60, 45, 35, 55, 25, 65, 20, 50,
];

// fetch asks the server for one item. Item 7 fails. Like Go's
// http.Client, it sends nothing for a canceled context, and it
// gives up as soon as ctx is canceled. Do not change fetch.
async function fetch(
  ctx: Context,
  id: number,
): Promise<Error | null> {
  if (ctx.err() !== null) return ctx.err();
  await wire.send(`GET /items/${id}`);
  const r = await select({
    done: recv(ctx.done()),
    answer: recv(after(latency[id]! * Millisecond)),
  });
  if (r.case === 'done') {
    await wire.send(`canceled /items/${id}`);
    return ctx.err();
  }
  if (id === 7) {
    await wire.send(`500 /items/${id}`);
    return new Error(
      `GET /items/${id}: 500 Internal Server Error`,
    );
  }
  await wire.send(`200 /items/${id}`);
  return null;
}

main(async () => {
  const fetched: boolean[] = [];
  const errs: Error[] = []; // errs[0] is the first
  const ctx = background();
  const wg = new WaitGroup();
  // Starts all twelve at once, and nothing stops the others
  // when one fails.
  for (let id = 1; id <= 12; id++) {
    wg.go(async () => {
      const err = await fetch(ctx, id);
      if (err === null) fetched[id] = true;
      else errs.push(err);
    });
  }
  await wg.wait();
  console.log(
    'items fetched:',
    fetched.filter(Boolean).length,
  );
  console.log('first error:', errs[0]?.message ?? 'none');
});
