import { chan, go, main, type Chan } from 'gort';
import * as context from 'gort/context';
import * as time from 'gort/time';
import { linkTransport, serve, text } from 'gomesh';
import {
  RegistryClient,
  startRegistry,
} from 'gomesh/registry';
import { stayRegistered } from './instance.ts';

// ---- The test bench: your code is in instance.ts. ----

// Every request an instance sends takes this long to arrive.
const latency = 100 * time.Millisecond;

interface Process {
  // SIGTERM: ctx is cancelled and the instance shuts down.
  stop(): Promise<void>;
  // SIGKILL: the process is gone. Its link to the network is
  // cut, so nothing it still sends arrives, and its goroutines
  // end with it (ctx is cancelled).
  kill(): Promise<void>;
}

// run starts instance `id` of api as a process of its own: its
// HTTP server, its link to the network, its registry client and
// stayRegistered.
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
      // What a killed process still tries fails: it is gone.
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

// watch prints the passing instances of api each time they
// change, following the registry with blocking queries
// (Consul's ?index=), until ctx is done.
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
    // The registry closed as we stopped watching.
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

  // The instances start one second apart.
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
