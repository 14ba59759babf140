import { chan, go, main } from 'gort';
import * as context from 'gort/context';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';
import {
  closeAll,
  linkTransport,
  onTraffic,
  request,
  serve,
} from 'gomesh';
import {
  RegistryClient,
  startRegistry,
} from 'gomesh/registry';
import {
  ordersClient,
  stayDiscoverable,
} from './discovery.ts';
import {
  CatalogDb,
  catalogService,
  ordersService,
  startPayments,
  usersService,
} from './services.ts';

// ---- 给定部分：商店的一天。你的代码在
// discovery.ts 里。 ----

interface Replica {
  readonly id: string;
  // host:port，与网格流量记录中的写法相同。
  readonly instance: string;
  readonly url: string;
  // SIGTERM：ctx 被取消，副本关闭。
  stop(): Promise<void>;
  // SIGKILL：它的服务器立刻消失，它再发出的请求也到不了
  // （它连向网络的链路被切断）。
  kill(): Promise<void>;
}

// startReplica 把 catalog 的副本 `id` 作为一个独立的进程
// 启动：它自己的服务器、网络链路、注册中心客户端，以及
// stayDiscoverable。
async function startReplica(
  registryUrl: string,
  db: CatalogDb,
  id: string,
): Promise<Replica> {
  const [ctx, cancel] = context.withCancel(
    context.background(),
  );
  const link = linkTransport();
  const server = await serve('catalog', catalogService(db));
  const registry = new RegistryClient(registryUrl, {
    transport: link,
    caller: id,
  });
  const exited = chan<undefined>();
  go(async () => {
    try {
      await stayDiscoverable(ctx, registry, {
        id,
        address: server.host,
        port: server.port,
      });
    } catch (e) {
      // 被杀死的进程再尝试做什么都会失败：它已经不在了。
      if (!link.isCut) throw e;
    } finally {
      await server.close();
      exited.close();
    }
  });
  return {
    id,
    instance: `${server.host}:${server.port}`,
    url: server.url,
    async stop() {
      cancel();
      await exited.recv();
    },
    async kill() {
      link.cut();
      await server.close();
      cancel();
      await exited.recv();
    },
  };
}

// 每 100ms 一单（每秒 10 单），持续 25s。
const GAP = 100 * time.Millisecond;
const SKUS = ['gopher-plush', 'go-mug', 'tee'];

main(async () => {
  const start = time.now();
  const since = () => time.since(start);
  const at = (ms: number) => time.sleep(ms - since());
  const log = (what: string) =>
    console.log(
      time.formatDuration(since()).padEnd(7),
      what,
    );

  // orders 对 catalog 的调用：发往哪个副本、何时发出
  // （网格在调用结束时才报告它）。
  const calls: { instance: string; at: number }[] = [];
  const stopTraffic = onTraffic((e) => {
    if (e.kind === 'request' && e.from === 'orders') {
      if (e.to !== 'catalog') return;
      calls.push({
        instance: e.instance,
        at: since() - e.durationMs,
      });
    }
  });

  const reg = await startRegistry();
  const payments = await startPayments();
  const users = await serve('users', usersService());
  const db = new CatalogDb();
  const replicas = [
    await startReplica(reg.url, db, 'catalog-1'),
    await startReplica(reg.url, db, 'catalog-2'),
  ];
  const mesh = ordersClient(reg.url, {
    users: users.url,
    payments: payments.url,
    catalog: replicas.map((r) => r.url),
  });
  const orders = await serve('orders', ordersService(mesh));
  log('catalog-1 and catalog-2 start');

  // 顾客：他们的订单和收到的回答。
  const sent: { at: number; status: number }[] = [];
  const wg = new WaitGroup();
  go(async () => {
    for (let i = 0; since() < 25 * time.Second; i++) {
      const o = {
        user: `u${1 + (i % 3)}`,
        sku: SKUS[i % SKUS.length],
        qty: 1,
      };
      const t = since();
      wg.add(1);
      go(async () => {
        const res = await request(`${orders.url}/orders`, {
          method: 'POST',
          json: o,
        });
        sent.push({ at: t, status: res.status });
        wg.done();
      });
      await time.sleep(GAP);
    }
  });

  await at(5 * time.Second);
  replicas.push(
    await startReplica(reg.url, db, 'catalog-3'),
  );
  log('catalog-3 starts');
  await at(10 * time.Second);
  log('catalog-1 crashes');
  await replicas[0]!.kill();
  await at(20 * time.Second);
  log('catalog-2 stops');
  await replicas[1]!.stop();
  await at(25 * time.Second);
  await wg.wait();

  // 根据网格的记录，看看每个阶段的情况。
  const phases = [0, 5, 10, 20, 25].map(
    (s) => s * time.Second,
  );
  console.log();
  console.log(
    'phase     orders failed  calls to catalog-1/-2/-3',
  );
  for (let p = 0; p + 1 < phases.length; p++) {
    const from = phases[p]!;
    const to = phases[p + 1]!;
    const inPhase = sent.filter(
      (s) => s.at >= from && s.at < to,
    );
    const failed = inPhase.filter((s) => s.status !== 201);
    const perReplica = replicas.map((r) => {
      const mine = calls.filter(
        (c) =>
          c.instance === r.instance &&
          c.at >= from &&
          c.at < to,
      );
      return `${mine.length}`;
    });
    const name = `${from / 1000}s-${to / 1000}s`;
    console.log(
      `${name.padEnd(9)} ${String(inPhase.length).padStart(6)} ${String(failed.length).padStart(6)}  ${perReplica.join(' / ')}`,
    );
  }

  stopTraffic();
  await replicas[2]!.stop();
  mesh.close();
  await closeAll();
  await reg.close();
});
