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
import { WaitGroup } from 'gort/sync';

// The requests the owner serves. Each carries its own reply
// channel, resp, with room for the one answer, so the owner
// never waits for a caller.
interface GetOp {
  key: string;
  resp: Chan<number, number>;
}
interface SetOp {
  key: string;
  value: number;
  resp: Chan<number, number>;
}

// The store's request channels, and stopped, which the owner
// should close when it returns.
interface Store {
  gets: Chan<GetOp | null, null>;
  sets: Chan<SetOp | null, null>;
  stopped: Chan<void>;
}

// owner is the only goroutine that touches counts: it serves
// one request at a time. Nobody can stop it.
async function owner(s: Store) {
  const counts = new Map<string, number>();
  for (;;) {
    const r = await select({
      get: recv(s.gets),
      set: recv(s.sets),
    });
    if (r.case === 'get' && r.value !== null) {
      await r.value.resp.send(counts.get(r.value.key) ?? 0);
    }
    if (r.case === 'set' && r.value !== null) {
      counts.set(r.value.key, r.value.value);
      await r.value.resp.send(r.value.value);
    }
  }
}

// call sends op to the owner, unless ctx is done first, and
// waits for its answer.
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
  return [await op.resp.recv(), null];
}

// get returns key's count.
function get(ctx: context.Context, s: Store, key: string) {
  return call(ctx, s.gets, { key, resp: chan(1, 0) });
}

// set sets key's count to value.
function set(
  ctx: context.Context,
  s: Store,
  key: string,
  value: number,
) {
  return call(ctx, s.sets, {
    key,
    value,
    resp: chan(1, 0),
  });
}

// increment adds 1 to key's count: it gets the count, then
// sets it one higher. Each request is served alone — but is
// the pair?
async function increment(
  ctx: context.Context,
  s: Store,
  key: string,
): Promise<Error | null> {
  const [n, err] = await get(ctx, s, key);
  if (err !== null) return err;
  const [, err2] = await set(ctx, s, key, n + 1);
  return err2;
}

// shutdown stops the store: it cancels ctx. The owner was
// never given ctx, and nothing waits for it to stop.
function shutdown(cancel: () => void) {
  cancel();
}

main(async () => {
  const [ctx, cancel] = context.withCancel(
    context.background(),
  );
  const s: Store = {
    gets: chan(0, null),
    sets: chan(0, null),
    stopped: chan(),
  };
  go(owner, s);

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

  shutdown(cancel);
  // A caller that comes after the shutdown must not wait
  // for ever for an owner that has gone.
  const err = await increment(ctx, s, 'hits');
  console.log(
    'increment after shutdown:',
    err?.message ?? '<nil>',
  );
});
