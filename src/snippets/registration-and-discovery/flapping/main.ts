// Two instances with a 15s TTL and a 100ms round trip to the
// registry: api-1 heartbeats every ttl/3, api-2 every ttl.
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
import { Registry } from 'gomesh/registry';

const ttl = 15 * time.Second;
const rtt = 100 * time.Millisecond;

// heartbeat renews id's lease every interval until ctx is done.
// Each beat takes one round trip to reach the registry.
async function heartbeat(
  ctx: context.Context,
  registry: Registry,
  id: string,
  every: time.Duration,
  stopped: Chan<undefined>,
) {
  const ticker = time.newTicker(every);
  try {
    for (;;) {
      const r = await select({
        tick: recv(ticker.c),
        done: recv(ctx.done()),
      });
      if (r.case === 'done') return;
      await time.sleep(rtt);
      registry.pass(id);
    }
  } finally {
    ticker.stop();
    stopped.close();
  }
}

// watch prints the passing instances each time they change, with
// blocking queries, until ctx is done.
async function watch(
  ctx: context.Context,
  registry: Registry,
  start: Date,
  stopped: Chan<undefined>,
) {
  let index = 0;
  let last = '';
  while (ctx.err() === null) {
    const answer =
      await registry.blockingHealth('api', {
        index,
        waitMs: time.Minute,
        passing: true,
      });
    index = answer.index;
    const ids = answer.instances
      .map((i) => i.id)
      .join(' ');
    if (ids !== last) {
      const at = time.formatDuration(
        time.since(start),
      );
      console.log(
        at.padEnd(8),
        `api: [${ids}]`,
      );
      last = ids;
    }
  }
  stopped.close();
}

main(async () => {
  const start = time.now();
  const registry = new Registry();
  for (const id of ['api-1', 'api-2']) {
    registry.register({
      id,
      name: 'api',
      address: `${id}.internal`,
      port: 8080,
      ttlMs: ttl,
    });
  }
  const [ctx, stop] = context.withCancel(
    context.background(),
  );
  const [api1, api2, watched] = [
    chan<undefined>(),
    chan<undefined>(),
    chan<undefined>(),
  ];
  go(() =>
    heartbeat(
      ctx,
      registry,
      'api-1',
      ttl / 3,
      api1,
    ),
  );
  go(() =>
    heartbeat(
      ctx,
      registry,
      'api-2',
      ttl,
      api2,
    ),
  );
  go(() =>
    watch(ctx, registry, start, watched),
  );

  await time.sleep(20 * time.Second);
  stop();
  registry.close();
  await api1.recv();
  await api2.recv();
  await watched.recv();
});
