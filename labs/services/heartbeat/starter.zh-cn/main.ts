import { main, go, chan, type Chan } from 'gort';
import * as context from 'gort/context';
import * as time from 'gort/time';
import {
  Registry,
  type InstanceSpec,
} from 'gomesh/registry';

// 实例必须在 ttl 之内续约（发心跳），否则注册中心
// 会把它移出健康（passing）列表。
const ttl = 15 * time.Second;

// instance 注册自己，在 ctx 被取消时（正常关闭，相当于
// 收到 SIGTERM）注销。
//
// TODO：它从不续约，所以即使它还活着，注册中心也会在一个
// ttl 之后把它摘掉。请启动一个心跳 goroutine：用
// time.newTicker（ttl/3）定时调用 conn.pass(id)；ctx 结束时
// 它要停下来（ticker.stop()，goroutine 返回），然后实例再注销。
async function instance(
  ctx: context.Context,
  conn: Conn,
  name: string,
) {
  const id = await conn.register({
    id: name,
    name: 'api',
    address: `${name}.internal`,
    port: 8080,
    ttlMs: ttl,
  });
  await ctx.done().recv();
  await conn.deregister(id);
}

// ---- 测试台：下面的代码不需要修改。----

// 每次调用注册中心都要花一个往返时间 rtt。
const rtt = 100 * time.Millisecond;

// Conn 是一个实例到注册中心的连接。崩溃（cut）之后，它的
// 调用都石沉大海：进程已经没了。
class Conn {
  #cut = false;
  constructor(private readonly registry: Registry) {}
  cut() {
    this.#cut = true;
  }
  async register(spec: InstanceSpec): Promise<string> {
    await time.sleep(rtt);
    return this.#cut ? '' : this.registry.register(spec);
  }
  async pass(id: string): Promise<boolean> {
    await time.sleep(rtt);
    return !this.#cut && this.registry.pass(id);
  }
  async deregister(id: string): Promise<boolean> {
    await time.sleep(rtt);
    return !this.#cut && this.registry.deregister(id);
  }
}

// watch 用阻塞查询（Consul 的 ?index=）监视 api 的健康实例，
// 每次变化都打印出来，直到 ctx 结束。
async function watch(
  ctx: context.Context,
  registry: Registry,
  start: Date,
  stopped: Chan<undefined>,
) {
  let index = 0;
  let last = '';
  while (ctx.err() === null) {
    const answer = await registry.blockingHealth('api', {
      index,
      waitMs: time.Minute,
      passing: true,
    });
    index = answer.index;
    const ids = answer.instances.map((i) => i.id).join(' ');
    if (ids !== last) {
      console.log(
        time.formatDuration(time.since(start)).padEnd(8),
        `api: [${ids}]`,
      );
      last = ids;
    }
  }
  stopped.close();
}

main(async () => {
  const start = time.now();
  const log = (what: string) =>
    console.log(
      time.formatDuration(time.since(start)).padEnd(8),
      what,
    );
  const registry = new Registry();
  const bg = context.background();
  const [watching, stopWatching] = context.withCancel(bg);
  const watched = chan<undefined>();
  go(() => watch(watching, registry, start, watched));

  // Start api-1, api-2 and api-3, each with its own ctx and conn.
  const ids = ['api-1', 'api-2', 'api-3'];
  const procs = ids.map((name) => {
    const [ctx, cancel] = context.withCancel(bg);
    const conn = new Conn(registry);
    const exited = chan<undefined>();
    go(async () => {
      await instance(ctx, conn, name);
      exited.close();
    });
    return { conn, cancel, exited };
  });
  const [api1, api2, api3] = procs;
  if (!api1 || !api2 || !api3) return;

  await time.sleep(time.Minute);
  log('api-2 crashes');
  api2.conn.cut();
  api2.cancel();

  await time.sleep(2 * time.Minute - time.since(start));
  log('api-3 shuts down');
  api3.cancel();
  await api3.exited.recv();

  await time.sleep(10 * time.Minute - time.since(start));
  log('api-1 shuts down');
  api1.cancel();
  await api1.exited.recv();
  await api2.exited.recv();

  stopWatching();
  registry.close();
  await watched.recv();
});
