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

// One request type for three kinds: 'get', 'set' and 'add'.
interface Request {
  kind: 'get' | 'set' | 'add';
  key: string;
  n: number;
  resp: Chan<number, number>;
}

// owner applies one request at a time, whole, until ctx is done.
async function owner(
  ctx: context.Context,
  requests: Chan<Request | null, null>,
  stopped: Chan<void>,
) {
  try {
    const counts = new Map<
      string,
      number
    >();
    for (;;) {
      const r = await select({
        request: recv(requests),
        done: recv(ctx.done()),
      });
      if (
        r.case === 'done' ||
        r.value === null
      )
        return;
      const { kind, key, n, resp } =
        r.value;
      if (kind === 'set')
        counts.set(key, n);
      if (kind === 'add')
        counts.set(
          key,
          (counts.get(key) ?? 0) + n,
        );
      await resp.send(counts.get(key) ?? 0);
    }
  } finally {
    close(stopped); // Go's defer close(stopped)
  }
}

// request sends one request to the owner and returns its answer.
async function request(
  requests: Chan<Request | null, null>,
  kind: Request['kind'],
  key: string,
  n: number,
): Promise<number> {
  const resp = chan<number, number>(1, 0);
  await requests.send({
    kind,
    key,
    n,
    resp,
  });
  return resp.recv();
}

main(async () => {
  const [ctx, cancel] = context.withCancel(
    context.background(),
  );
  const requests = chan<
    Request | null,
    null
  >(0, null);
  const stopped = chan<void>();
  go(owner, ctx, requests, stopped);
  console.log(
    'hits starts at',
    await request(
      requests,
      'set',
      'hits',
      5,
    ),
  );

  // Two callers increment hits with a get, then a set. The WaitGroup
  // read holds each between the two until both have read: an order
  // the scheduler may choose at any time.
  const wg = new WaitGroup();
  const read = new WaitGroup();
  read.add(2);
  for (let i = 0; i < 2; i++) {
    wg.go(async () => {
      const n = await request(
        requests,
        'get',
        'hits',
        0,
      );
      read.done();
      await read.wait();
      await request(
        requests,
        'set',
        'hits',
        n + 1,
      );
    });
  }
  await wg.wait();
  console.log(
    'after two get-then-set increments:',
    await request(
      requests,
      'get',
      'hits',
      0,
    ),
  );

  // Two callers increment hits with one add each.
  for (let i = 0; i < 2; i++) {
    wg.go(() =>
      request(requests, 'add', 'hits', 1),
    );
  }
  await wg.wait();
  console.log(
    'after two add increments:',
    await request(
      requests,
      'get',
      'hits',
      0,
    ),
  );

  cancel();
  await stopped.recv();
});
