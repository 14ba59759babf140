import type { Context } from 'gort/context';
import { ServiceClient } from 'gomesh';
import type { RegistryClient } from 'gomesh/registry';

// ---- 你来写：catalog 各副本的服务发现。 ----

// catalog 的一个副本在哪里监听（由测试台启动）。
export interface Instance {
  readonly id: string;
  readonly address: string;
  readonly port: number;
}

// orders 要调用的服务启动在哪里。catalog 的列表里只有
// 随商店一起启动的副本；后来启动的副本不在其中。
export interface Fixed {
  readonly users: string;
  readonly payments: string;
  readonly catalog: readonly string[];
}

// stayDiscoverable 陪着 catalog 的一个副本运行，直到 ctx
// 结束（正常关闭，就像收到 SIGTERM）。
//
// TODO：它什么也没告诉注册中心。请用
// registry.register({ id, name, address, port, ttlMs: TTL })
// 把副本注册为 'catalog'（TTL 来自 services.ts）：它会自己
// 每 TTL/3 续租一次。ctx 结束时注销它（Registration 的
// deregister()）。
export async function stayDiscoverable(
  ctx: Context,
  registry: RegistryClient,
  self: Instance,
): Promise<void> {
  // 副本注册之前，它们用不上。
  void registry;
  void self;
  await ctx.done().recv();
}

// ordersClient 决定 orders 怎样找到它要调用的服务。
//
// TODO：orders 按随商店启动的那几个副本的固定地址调用
// catalog：死掉的副本一直留在列表里，后来启动的副本永远
// 收不到调用。请改为通过注册中心找到 catalog（ServiceClient
// 的 registry 选项，传入 registryUrl），users 和 payments
// 仍用固定的 endpoints。
export function ordersClient(
  registryUrl: string,
  fixed: Fixed,
): ServiceClient {
  void registryUrl; // orders 询问注册中心之前用不上
  return new ServiceClient({
    endpoints: {
      users: [fixed.users],
      payments: [fixed.payments],
      catalog: fixed.catalog,
    },
    caller: 'orders',
  });
}
