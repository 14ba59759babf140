import { chan, go, recv, select, type Chan } from 'gort';
import type { Context } from 'gort/context';
import * as time from 'gort/time';
import type { RegistryClient } from 'gomesh/registry';

// The registry takes an instance out of discovery when it has
// not heard from it for ttl.
export const ttl = 15 * time.Second;

// Where one instance of api listens (the bench started it).
export interface Instance {
  readonly id: string;
  readonly address: string;
  readonly port: number;
}

// heartbeat renews the lease every ttl/3, so that a late or lost
// beat does not let it expire, until ctx is done; then it stops
// its ticker and closes stopped.
async function heartbeat(
  ctx: Context,
  registry: RegistryClient,
  id: string,
  stopped: Chan<undefined>,
) {
  const ticker = time.newTicker(ttl / 3);
  try {
    for (;;) {
      const r = await select({
        tick: recv(ticker.c),
        done: recv(ctx.done()),
      });
      if (r.case === 'done') return;
      try {
        await registry.heartbeat(id);
      } catch {
        // No answer: the lease outlives this beat; try again
        // at the next tick.
      }
    }
  } finally {
    ticker.stop();
    stopped.close();
  }
}

// stayRegistered registers the instance with a TTL, keeps it
// registered while it runs and deregisters it when ctx is done
// (a clean shutdown, like SIGTERM).
export async function stayRegistered(
  ctx: Context,
  registry: RegistryClient,
  self: Instance,
): Promise<void> {
  const id = await registry.registerOnce({
    ...self,
    name: 'api',
    ttlMs: ttl,
  });
  const stopped = chan<undefined>();
  go(() => heartbeat(ctx, registry, id, stopped));
  await ctx.done().recv();
  // Wait until the heartbeat has stopped, so that no beat is
  // still on its way when we say goodbye.
  await stopped.recv();
  await registry.deregister(id);
}
