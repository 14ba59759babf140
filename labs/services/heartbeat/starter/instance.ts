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

// stayRegistered registers the instance with a TTL and
// deregisters it when ctx is done (a clean shutdown, like
// SIGTERM).
//
// TODO: it never renews its lease, so the registry takes the
// instance out of discovery one ttl after it registered,
// although it is alive. Start a heartbeat goroutine (go, from
// 'gort') that calls registry.heartbeat(id) on a
// time.newTicker(ttl / 3) and, when ctx is done (select and
// recv, from 'gort'), stops its ticker and returns. Before you
// deregister, wait until it has returned (a channel it closes).
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
  await ctx.done().recv();
  await registry.deregister(id);
}
