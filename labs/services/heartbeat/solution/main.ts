import {
  chan,
  go,
  main,
  recv,
  select,
  type Chan,
} from 'gort';
import * as context from 'gort/context';
import * as time from 'gort/time';
import {
  Registry,
  type InstanceSpec,
} from 'gomesh/registry';

// An instance must renew its lease within ttl, or the registry
// takes it out of the passing list.
const ttl = 15 * time.Second;

// heartbeat renews the lease every ttl/3, so one lost or late
// beat is not enough to expire it, until ctx is done; then it
// stops its ticker and closes stopped.
async function heartbeat(
  ctx: context.Context,
  conn: Conn,
  id: string,
  stopped: Chan<undefined>,
) {
  const ticker = time.newTicker(ttl / 3);
  try {
    for (;;) {
      const r = await select({
        tick: recv(ticker.c),
        done: recv(ctx.done()),
      });
      if (r.case === 'done') return;
      await conn.pass(id);
    }
  } finally {
    ticker.stop();
    stopped.close();
  }
}

// instance registers itself, keeps its registration alive while
// it runs, and deregisters when ctx is cancelled (a clean
// shutdown, like SIGTERM).
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
  const stopped = chan<undefined>();
  go(() => heartbeat(ctx, conn, id, stopped));
  await ctx.done().recv();
  // Wait until the heartbeat has stopped, so that no beat is
  // still on its way when we say goodbye.
  await stopped.recv();
  await conn.deregister(id);
}

// ---- The test bench: no need to change anything below. ----

// Every call to the registry is a round trip of rtt.
const rtt = 100 * time.Millisecond;

// Conn is one instance's connection to the registry. After a
// crash (cut) its calls go nowhere: the process is gone.
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

// watch prints the passing instances of api each time they
// change, with a blocking query (Consul's ?index=), until ctx
// is done.
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
