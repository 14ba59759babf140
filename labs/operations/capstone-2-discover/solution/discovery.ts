import type { Context } from 'gort/context';
import { ServiceClient } from 'gomesh';
import type { RegistryClient } from 'gomesh/registry';
import { TTL } from './services.ts';

// ---- Yours: discovery for catalog's replicas. ----

// Where one replica of catalog listens (the bench started it).
export interface Instance {
  readonly id: string;
  readonly address: string;
  readonly port: number;
}

// Where the services orders calls were started. catalog's
// list holds the replicas started with the shop; replicas
// started later are not in it.
export interface Fixed {
  readonly users: string;
  readonly payments: string;
  readonly catalog: readonly string[];
}

// stayDiscoverable keeps one replica of catalog in the
// registry while it runs. register() renews the lease every
// TTL/3, so the replica stays passing while it is alive and
// leaves at most a TTL after it dies without a word; on a
// clean shutdown (ctx done) it says goodbye at once.
export async function stayDiscoverable(
  ctx: Context,
  registry: RegistryClient,
  self: Instance,
): Promise<void> {
  const registration = await registry.register({
    id: self.id,
    name: 'catalog',
    address: self.address,
    port: self.port,
    ttlMs: TTL,
  });
  await ctx.done().recv();
  await registration.deregister();
}

// ordersClient is how orders finds the services it calls:
// users and payments at their fixed addresses, catalog
// through the registry. The client follows the registry with
// blocking queries and calls only the passing replicas.
export function ordersClient(
  registryUrl: string,
  fixed: Fixed,
): ServiceClient {
  return new ServiceClient({
    registry: registryUrl,
    endpoints: {
      users: [fixed.users],
      payments: [fixed.payments],
    },
    caller: 'orders',
  });
}
