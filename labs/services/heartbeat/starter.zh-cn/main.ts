import { chan, go, main, type Chan } from 'gort';
import * as context from 'gort/context';
import * as time from 'gort/time';
import { linkTransport, serve, text } from 'gomesh';
import {
  RegistryClient,
  startRegistry,
} from 'gomesh/registry';
import { stayRegistered } from './instance.ts';

// ---- 测试台：你的代码在 instance.ts 里。 ----

// 实例发出的每个请求都要这么久才能到达。
const latency = 100 * time.Millisecond;

interface Process {
  // SIGTERM：ctx 被取消，实例正常关闭。
  stop(): Promise<void>;
  // SIGKILL：进程没了。它的网络链路被切断，它再发出的任何
  // 请求都到不了；它的 goroutine 也随之结束（ctx 被取消）。
  kill(): Promise<void>;
}

// run 把 api 的实例 `id` 作为一个独立的进程启动：它的 HTTP
// 服务器、它的网络链路、它的注册中心客户端，以及
// stayRegistered。
async function run(
  registryUrl: string,
  id: string,
): Promise<Process> {
  const [ctx, cancel] = context.withCancel(
    context.background(),
  );
  const link = linkTransport({ latencyMs: latency });
  const server = await serve('api', () =>
    text(200, `${id} here\n`),
  );
  const registry = new RegistryClient(registryUrl, {
    transport: link,
    caller: id,
  });
  const exited = chan<undefined>();
  go(async () => {
    try {
      await stayRegistered(ctx, registry, {
        id,
        address: server.host,
        port: server.port,
      });
    } catch (e) {
      // 被杀死的进程还想做的事都会失败：它已经不在了。
      if (!link.isCut) throw e;
    } finally {
      await server.close();
      exited.close();
    }
  });
  return {
    async stop() {
      cancel();
      await exited.recv();
    },
    async kill() {
      link.cut();
      cancel();
      await exited.recv();
    },
  };
}

// watch 用阻塞查询（Consul 的 ?index=）跟踪注册中心，每当
// api 的健康（passing）实例变化时就打印出来，直到 ctx 结束。
async function watch(
  ctx: context.Context,
  registry: RegistryClient,
  log: (what: string) => void,
  stopped: Chan<undefined>,
) {
  let index = 0;
  let last = '';
  try {
    while (ctx.err() === null) {
      const answer = await registry.health('api', {
        passing: true,
        index,
        waitMs: time.Minute,
      });
      index = answer.index;
      const ids = answer.instances
        .map((i) => i.id)
        .join(' ');
      if (ids !== last) log(`api: [${ids}]`);
      last = ids;
    }
  } catch (e) {
    // 停止监视时注册中心也关闭了：不算错误。
    if (ctx.err() === null) throw e;
  } finally {
    stopped.close();
  }
}

main(async () => {
  const start = time.now();
  const log = (what: string) =>
    console.log(
      time.formatDuration(time.since(start)).padEnd(8),
      what,
    );
  const at = (d: number) =>
    time.sleep(d - time.since(start));
  const reg = await startRegistry();
  const [watching, stopWatching] = context.withCancel(
    context.background(),
  );
  const watched = chan<undefined>();
  const watcher = new RegistryClient(reg.url, {
    caller: 'watcher',
  });
  go(() => watch(watching, watcher, log, watched));

  // 各实例相隔一秒启动。
  const api1 = await run(reg.url, 'api-1');
  await at(time.Second);
  const api2 = await run(reg.url, 'api-2');
  await at(2 * time.Second);
  const api3 = await run(reg.url, 'api-3');

  await at(time.Minute);
  log('api-2 is killed');
  await api2.kill();
  await at(90 * time.Second);
  log('api-3 stops');
  await api3.stop();
  await at(2 * time.Minute);
  log('api-1 stops');
  await api1.stop();

  stopWatching();
  await reg.close();
  await watched.recv();
});
