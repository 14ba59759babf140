import type { Context } from 'gort/context';
import { ServiceClient } from 'gomesh';
import type { RegistryClient } from 'gomesh/registry';

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

// stayDiscoverable runs next to one replica of catalog until
// ctx is done (a clean shutdown, like SIGTERM).
//
// TODO: it tells the registry nothing. Register the replica
// as 'catalog' with registry.register({ id, name, address,
// port, ttlMs: TTL }) (TTL from services.ts): it renews its
// lease every TTL/3 by itself. When ctx is done, deregister
// it (the Registration's deregister()).
export async function stayDiscoverable(
  ctx: Context,
  registry: RegistryClient,
  self: Instance,
): Promise<void> {
  // Unused until the replica registers.
  void registry;
  void self;
  await ctx.done().recv();
}

// ordersClient is how orders finds the services it calls.
//
// TODO: orders calls catalog at the fixed addresses of the
// replicas started with the shop: a replica that dies stays
// in its list, and one started later never gets a call. Find
// catalog through the registry instead (the ServiceClient's
// registry option, with registryUrl), and keep the fixed
// endpoints for users and payments.
export function ordersClient(
  registryUrl: string,
  fixed: Fixed,
): ServiceClient {
  void registryUrl; // unused until orders asks the registry
  return new ServiceClient({
    endpoints: {
      users: [fixed.users],
      payments: [fixed.payments],
      catalog: fixed.catalog,
    },
    caller: 'orders',
  });
}
