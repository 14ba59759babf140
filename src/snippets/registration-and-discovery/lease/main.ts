// A TTL registry on gomesh: a lease per instance that expires
// unless a heartbeat renews it, deregistration, and a blocking
// query.
import {
  chan,
  go,
  main,
  type Chan,
} from 'gort';
import * as context from 'gort/context';
import * as time from 'gort/time';
import { Registry } from 'gomesh/registry';

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
  registry.register({
    id: 'api-1',
    name: 'api',
    address: 'api-1.internal',
    port: 8080,
    ttlMs: 15 * time.Second,
  });
  const [ctx, stop] = context.withCancel(
    context.background(),
  );
  const watched = chan<undefined>();
  go(() =>
    watch(ctx, registry, start, watched),
  );

  await time.sleep(20 * time.Second); // no heartbeat: the lease expires at 15s
  registry.pass('api-1'); // a late heartbeat: passing again
  await time.sleep(5 * time.Second);
  registry.deregister('api-1'); // a clean goodbye: gone at once

  await time.sleep(5 * time.Second);
  console.log(
    'heartbeat after deregister:',
    registry.pass('api-1'),
  );
  stop();
  registry.close();
  await watched.recv();
});
