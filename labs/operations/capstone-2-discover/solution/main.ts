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

// ---- Given: a day at the shop. Your code is in
// discovery.ts. ----

interface Replica {
  readonly id: string;
  // host:port, as the mesh's traffic records name it.
  readonly instance: string;
  readonly url: string;
  // SIGTERM: ctx is cancelled, the replica shuts down.
  stop(): Promise<void>;
  // SIGKILL: its server is gone at once and nothing it still
  // sends arrives (its link to the network is cut).
  kill(): Promise<void>;
}

// startReplica starts replica `id` of catalog as a process of
// its own: its server, its link to the network, its registry
// client and stayDiscoverable.
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
      // What a killed process still tries fails: it is gone.
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

// One order every 100ms (10 a second), for 25s.
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

  // orders' calls to catalog: to which replica, and when
  // each was sent (the mesh reports a call when it ends).
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

  // The customers: their orders and answers.
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

  // What each phase looked like, from the mesh's records.
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
