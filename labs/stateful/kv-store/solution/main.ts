import {
  chan,
  close,
  go,
  main,
  recv,
  select,
  send,
  type Chan,
} from 'gort';
import * as context from 'gort/context';
import { WaitGroup } from 'gort/sync';

// The requests the owner serves. Each carries its own reply
// channel, resp, with room for the one answer, so the owner
// never waits for a caller.
interface GetOp {
  key: string;
  resp: Chan<number, number>;
}
interface AddOp {
  key: string;
  delta: number;
  resp: Chan<number, number>;
}

// The store's request channels, and stopped, which the owner
// closes when it returns.
interface Store {
  gets: Chan<GetOp | null, null>;
  adds: Chan<AddOp | null, null>;
  stopped: Chan<void>;
}

// owner is the only goroutine that touches counts: it serves
// one request at a time, whole, until ctx is done.
async function owner(ctx: context.Context, s: Store) {
  const counts = new Map<string, number>();
  try {
    for (;;) {
      const r = await select({
        get: recv(s.gets),
        add: recv(s.adds),
        done: recv(ctx.done()),
      });
      if (r.case === 'done') return;
      if (r.case === 'get' && r.value !== null) {
        await r.value.resp.send(
          counts.get(r.value.key) ?? 0,
        );
      }
      if (r.case === 'add' && r.value !== null) {
        const n =
          (counts.get(r.value.key) ?? 0) + r.value.delta;
        counts.set(r.value.key, n);
        await r.value.resp.send(n);
      }
    }
  } finally {
    close(s.stopped); // Go's defer close(s.stopped)
  }
}

// call sends op to the owner and waits for its answer. Both
// waits end when ctx is done: a store that has shut down
// answers nobody.
async function call<
  Op extends { resp: Chan<number, number> },
>(
  ctx: context.Context,
  requests: Chan<Op | null, null>,
  op: Op,
): Promise<[number, Error | null]> {
  const sent = await select({
    sent: send(requests, op),
    done: recv(ctx.done()),
  });
  if (sent.case === 'done') return [0, ctx.err()];
  const r = await select({
    answer: recv(op.resp),
    done: recv(ctx.done()),
  });
  if (r.case === 'done') return [0, ctx.err()];
  return [r.value, null];
}

// get returns key's count.
function get(ctx: context.Context, s: Store, key: string) {
  return call(ctx, s.gets, { key, resp: chan(1, 0) });
}

// increment adds 1 to key's count: one request, which the
// owner applies whole, so no other request comes in between.
async function increment(
  ctx: context.Context,
  s: Store,
  key: string,
): Promise<Error | null> {
  const [, err] = await call(ctx, s.adds, {
    key,
    delta: 1,
    resp: chan(1, 0),
  });
  return err;
}

// shutdown stops the store: it cancels the context the owner
// serves under, then waits until the owner has returned.
async function shutdown(s: Store, cancel: () => void) {
  cancel();
  await s.stopped.recv();
}

main(async () => {
  const [ctx, cancel] = context.withCancel(
    context.background(),
  );
  const s: Store = {
    gets: chan(0, null),
    adds: chan(0, null),
    stopped: chan(),
  };
  go(owner, ctx, s);

  // Three workers count 10 hits each.
  const wg = new WaitGroup();
  for (let w = 0; w < 3; w++) {
    wg.go(async () => {
      for (let i = 0; i < 10; i++) {
        await increment(ctx, s, 'hits');
      }
    });
  }
  await wg.wait();
  const [hits] = await get(ctx, s, 'hits');
  console.log('hits:', hits);

  await shutdown(s, cancel);
  // A caller that comes after the shutdown must not wait
  // for ever for an owner that has gone.
  const err = await increment(ctx, s, 'hits');
  console.log(
    'increment after shutdown:',
    err?.message ?? '<nil>',
  );
});
