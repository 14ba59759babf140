/**
 * `gomesh/registry`: service registration and discovery, shaped like Consul.
 *
 * - registry.ts         `Registry`: the state machine (TTL checks, HTTP checks, indexes, blocking waits)
 * - registry-server.ts  `startRegistry`: the registry as an HTTP service (Consul-like API)
 * - registry-client.ts  `RegistryClient`: register + heartbeat + re-register, health queries, watch
 * - catalog.ts          `Catalog`: client-side cache that follows watches
 * - instance.ts         data model (instances, health answers), `availability()` = uptime / total
 *
 * @module gomesh/registry
 */
export { Registry, type RegistryOptions } from './registry.ts';
export {
  startRegistry,
  registryRouter,
  type RegistryServer,
  type RegistryServerOptions,
} from './registry-server.ts';
export {
  RegistryClient,
  type HealthOptions,
  type RegistryClientOptions,
  type Registration,
} from './registry-client.ts';
export { Catalog } from './catalog.ts';
export {
  availability,
  instanceId,
  type HealthAnswer,
  type HealthStatus,
  type HttpCheck,
  type InstanceInfo,
  type InstanceSpec,
} from './instance.ts';
