import type { Context } from 'gort/context';
import * as time from 'gort/time';
import type { RegistryClient } from 'gomesh/registry';

// 注册中心如果在 ttl 这么长的时间里没有收到某个实例的消息，
// 就把它从服务发现中摘掉。
export const ttl = 15 * time.Second;

// api 的一个实例在哪里监听（由测试台启动）。
export interface Instance {
  readonly id: string;
  readonly address: string;
  readonly port: number;
}

// stayRegistered 带着 TTL 注册这个实例，并在 ctx 结束时
// （正常关闭，相当于收到 SIGTERM）注销它。
//
// TODO：它从不续约，所以实例注册一个 ttl 之后，尽管还活着，
// 注册中心也会把它从服务发现中摘掉。请启动一个心跳
// goroutine（用 'gort' 的 go）：用 time.newTicker(ttl / 3)
// 定时调用 registry.heartbeat(id)；ctx 结束时（用 'gort' 的
// select 和 recv）停掉 ticker 并返回。注销之前，先等它返回
// （用一个由它关闭的 channel）。
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
