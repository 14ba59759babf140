/**
 * Check for operations/capstone-2-discover. The check runs its own bench around the learner's
 * discovery.ts (stayDiscoverable, ordersClient) and the given services.ts, on the virtual clock,
 * over gomesh: a registry, payments, users, a catalog database, catalog-1 and catalog-2 (each a
 * process with its own server, its own link to the network and its own RegistryClient), and orders
 * over the learner's ServiceClient. Customers send one order every 100 ms from 0 s to 25 s. At 5 s
 * catalog-3 starts; at 10 s catalog-1 is killed (its server is gone at once and its link is cut, so
 * it neither answers nor says goodbye); at 20 s catalog-2 stops cleanly (its ctx is cancelled).
 *
 * What it measures, none of it from what the program prints: each replica's registration as it
 * left its link (name and ttlMs); every order's answer as the customers got it; orders' calls to
 * catalog from the mesh's traffic records (onTraffic: the replica each call went to, when, and its
 * status); the registry's passing list of catalog over time, followed with blocking queries as a
 * client would; and the stock left in the catalog database. The bound on orders the crash may fail
 * is the orders of one TTL (2 s at 10 a second): the registry cannot know sooner that a replica
 * that says nothing is gone. Explored over a few schedules: the kill and a heartbeat, or the stop
 * and an order, may fall at the same instant in any order.
 */
import { chan, go, type Chan } from 'gort';
import * as context from 'gort/context';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';
import {
  closeAll,
  linkTransport,
  onTraffic,
  request,
  serve,
  type Router,
  type ServiceClient,
  type Transport,
} from 'gomesh';
import {
  RegistryClient,
  startRegistry,
} from 'gomesh/registry';
import { defineCheck, type CheckText } from 'labcheck';

/** What the learner's discovery.ts exports (checked when it is loaded). */
interface Learner {
  stayDiscoverable(
    ctx: context.Context,
    registry: RegistryClient,
    self: { id: string; address: string; port: number },
  ): Promise<void>;
  ordersClient(
    registryUrl: string,
    fixed: {
      users: string;
      payments: string;
      catalog: readonly string[];
    },
  ): ServiceClient;
}

interface Db {
  readonly products: Map<string, { stock: number }>;
}

/** What the given services.ts exports. */
interface Given {
  TTL: number;
  CatalogDb: new () => Db;
  catalogService(db: Db): Router;
  ordersService(mesh: ServiceClient): Router;
  usersService(): Router;
  startPayments(): Promise<{ url: string }>;
  seedProducts(): { sku: string; stock: number }[];
}

/** Where the learner's files are in the mounted tree, next to this check (loaded at run time). */
const LEARNER_FILE = './discovery.js';
const GIVEN_FILE = './services.js';

/** The registry's TTL for a catalog replica, as services.ts gives it. */
const TTL = 2000;
/** One order every GAP ms (10 a second), from 0 until LOAD_END. */
const GAP = 100;
const LOAD_END = 25_000;
const SKUS = ['gopher-plush', 'go-mug', 'tee'] as const;
const ADDED = 'catalog-3';
const ADD_AT = 5000;
const KILLED = 'catalog-1';
const KILL_AT = 10_000;
const STOPPED = 'catalog-2';
const STOP_AT = 20_000;
/** A replica started at ADD_AT must get orders' calls within this long (it registers at once). */
const JOIN_WITHIN = 1000;
/** A stopped replica must leave the passing list within this long (its goodbye is one request). */
const LEAVE_WITHIN = 100;
/**
 * Orders the crash may fail: the orders sent in one TTL, because the registry notices a silent
 * replica only when its lease runs out, at most a TTL after its last heartbeat.
 */
const MAY_FAIL = TTL / GAP;
/** Float sums of virtual times: a call at a bound may read a hair over it. */
const HAIR_MS = 0.001;
const SCHEDULES = 3;

interface Sent {
  readonly at: number;
  readonly sku: string;
  status: number;
}
interface Call {
  readonly instance: string;
  readonly at: number;
  readonly status: number;
}
interface Seen {
  readonly at: number;
  readonly ids: readonly string[];
}

/** What one run of the bench observed. */
interface Observed {
  /** The body of each replica's registrations, as they left its link. */
  registered: Map<string, Record<string, unknown>[]>;
  /** host:port of each replica. */
  instances: Map<string, string>;
  sent: Sent[];
  calls: Call[];
  seen: Seen[];
  stock: Map<string, number>;
  initial: Map<string, number>;
}

const fresh = (): Observed => ({
  registered: new Map(),
  instances: new Map(),
  sent: [],
  calls: [],
  seen: [],
  stock: new Map(),
  initial: new Map(),
});

const fmt = (ms: number) =>
  time.formatDuration(Math.round(ms));

/** The check's bench around the learner's code; fills `obs.current` as it runs. */
function bench(
  learner: Learner,
  given: Given,
  obs: { current: Observed; since: () => number },
) {
  let runs = 0;
  return async () => {
    const shown = ++runs === 1;
    const o = fresh();
    obs.current = o;
    const start = time.now();
    const since = () => time.since(start);
    obs.since = since;
    const log = (what: string) =>
      console.log(fmt(since()).padEnd(7), what);

    const reg = await startRegistry();
    const payments = await given.startPayments();
    const users = await serve(
      'users',
      given.usersService(),
    );
    const db = new given.CatalogDb();
    for (const p of given.seedProducts())
      o.initial.set(p.sku, p.stock);

    // The registry as a client sees it: catalog's passing list after each change.
    const [watching, stopWatching] = context.withCancel(
      context.background(),
    );
    const watched = chan<undefined>();
    const watcher = new RegistryClient(reg.url);
    go(async function watch() {
      let index = 0;
      let last = '';
      try {
        while (watching.err() === null) {
          const answer = await watcher.health('catalog', {
            passing: true,
            index,
            waitMs: time.Minute,
          });
          index = answer.index;
          const ids = answer.instances
            .map((i) => i.id)
            .sort();
          if (ids.join(' ') !== last)
            o.seen.push({ at: since(), ids });
          last = ids.join(' ');
        }
      } catch (e) {
        if (watching.err() === null) throw e;
      } finally {
        watched.close();
      }
    });

    const replica = async (id: string) => {
      const [ctx, cancel] = context.withCancel(
        context.background(),
      );
      const link = linkTransport();
      const observed: Transport = {
        name: link.name,
        listen: (host, port, handler) =>
          link.listen(host, port, handler),
        send(req) {
          if (
            req.url.includes('/v1/agent/service/register')
          ) {
            let body: Record<string, unknown> = {};
            try {
              body = JSON.parse(
                new TextDecoder().decode(req.body),
              ) as Record<string, unknown>;
            } catch {
              // Not JSON: recorded as an empty registration.
            }
            const list = o.registered.get(id) ?? [];
            list.push(body);
            o.registered.set(id, list);
          }
          return link.send(req);
        },
      };
      const server = await serve(
        'catalog',
        given.catalogService(db),
      );
      o.instances.set(id, `${server.host}:${server.port}`);
      const registry = new RegistryClient(reg.url, {
        transport: observed,
        ...(shown ? { caller: id } : {}),
      });
      const exited: Chan<undefined> = chan<undefined>();
      go(async function replicaProcess() {
        try {
          await learner.stayDiscoverable(ctx, registry, {
            id,
            address: server.host,
            port: server.port,
          });
        } catch (e) {
          // A killed process's calls fail: it is gone. Anything else is the learner's error.
          if (!link.isCut) throw e;
        } finally {
          await server.close();
          exited.close();
        }
      });
      return {
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
    };

    const c1 = await replica('catalog-1');
    const c2 = await replica('catalog-2');
    const mesh = learner.ordersClient(reg.url, {
      users: users.url,
      payments: payments.url,
      catalog: [c1.url, c2.url],
    });
    const orders = await serve(
      'orders',
      given.ordersService(mesh),
    );

    const wg = new WaitGroup();
    const customers = new WaitGroup();
    customers.add(1);
    go(async function customersLoop() {
      for (let i = 0; since() < LOAD_END; i++) {
        const sku = SKUS[i % SKUS.length] ?? 'go-mug';
        const s: Sent = { at: since(), sku, status: 0 };
        o.sent.push(s);
        wg.add(1);
        go(async function customer() {
          try {
            const res = await request(
              `${orders.url}/orders`,
              {
                method: 'POST',
                json: {
                  user: `u${1 + (i % 3)}`,
                  sku,
                  qty: 1,
                },
              },
            );
            s.status = res.status;
          } catch {
            s.status = 0;
          }
          wg.done();
        });
        await time.sleep(GAP);
      }
      customers.done();
    });

    await time.sleep(ADD_AT - since());
    const c3 = await replica(ADDED);
    log(`${ADDED} starts`);
    await time.sleep(KILL_AT - since());
    log(`${KILLED} is killed`);
    await c1.kill();
    await time.sleep(STOP_AT - since());
    log(`${STOPPED} stops`);
    await c2.stop();
    await customers.wait();
    await wg.wait();
    await c3.stop();
    for (const [sku, p] of db.products)
      o.stock.set(sku, p.stock);

    mesh.close();
    stopWatching();
    await closeAll();
    await reg.close();
    await watched.recv();
  };
}

/** When `id` was in the passing lists the watcher saw: its first appearance, and when it left after `after`. */
function presence(
  seen: readonly Seen[],
  id: string,
  after = 0,
) {
  let first: number | undefined;
  let left: number | undefined;
  let present = false;
  for (const s of seen) {
    const now = s.ids.includes(id);
    if (now && first === undefined) first = s.at;
    if (
      !now &&
      present &&
      left === undefined &&
      s.at >= after
    )
      left = s.at;
    present = now;
  }
  return { first, left };
}

const join = (parts: readonly CheckText[]): CheckText => ({
  en: parts.map((p) => p.en).join('; '),
  'zh-cn': parts.map((p) => p['zh-cn']).join('；'),
});
const hinted = (
  seen: CheckText,
  hint: CheckText,
): CheckText => ({
  en: `${seen.en} — ${hint.en}`,
  'zh-cn': `${seen['zh-cn']}——${hint['zh-cn']}`,
});

const registerHint: CheckText = {
  en: "in stayDiscoverable, register the replica with registry.register({ id, name: 'catalog', address, port, ttlMs: TTL }): it renews its lease every TTL/3 by itself",
  'zh-cn':
    "在 stayDiscoverable 里用 registry.register({ id, name: 'catalog', address, port, ttlMs: TTL }) 注册副本：它会自己每 TTL/3 续租一次",
};
const bothHint: CheckText = {
  en: 'no replica is in the registry and orders calls catalog at fixed addresses: register each replica in stayDiscoverable (registry.register({ id, name: "catalog", address, port, ttlMs: TTL })), and find catalog through the registry in ordersClient (new ServiceClient({ registry: registryUrl, … }))',
  'zh-cn':
    '注册中心里没有任何副本，而 orders 按固定地址调用 catalog：在 stayDiscoverable 里注册每个副本（registry.register({ id, name: "catalog", address, port, ttlMs: TTL })），并在 ordersClient 里通过注册中心找到 catalog（new ServiceClient({ registry: registryUrl, … })）',
};
const noCalls: CheckText = {
  en: 'orders made no call to catalog at all: every order failed before it got there (see the item on the orders before the crash)',
  'zh-cn':
    'orders 根本没有调用 catalog：每个订单在那之前就失败了（见“崩溃之前的订单”那一项）',
};
const resolveHint: CheckText = {
  en: 'in ordersClient, find catalog through the registry: new ServiceClient({ registry: registryUrl, endpoints: { users, payments }, caller: "orders" }), without a fixed list for catalog',
  'zh-cn':
    '在 ordersClient 里通过注册中心找到 catalog：new ServiceClient({ registry: registryUrl, endpoints: { users, payments }, caller: "orders" })，不要再给 catalog 固定列表',
};

/** Why orders failed before anything went wrong, in the learner's terms. */
function earlyHint(
  o: Observed,
  failedOrders: readonly Sent[],
): CheckText {
  const statuses = [
    ...new Set(failedOrders.map((s) => s.status)),
  ].join(', ');
  const seen: CheckText = {
    en: `${failedOrders.length} orders failed (answered ${statuses})`,
    'zh-cn': `${failedOrders.length} 个订单失败（回答 ${statuses}）`,
  };
  for (const id of ['catalog-1', 'catalog-2', ADDED]) {
    const { first, left } = presence(o.seen, id);
    if (
      first !== undefined &&
      left !== undefined &&
      left < KILL_AT
    )
      return hinted(seen, {
        en: `${id} left the registry's passing list at ${fmt(left)} while alive: its lease ran out. registry.register(…) renews it every TTL/3 by itself; registerOnce does not`,
        'zh-cn': `${id} 还活着，却在 ${fmt(left)} 离开了注册中心的 passing 列表：租约过期了。registry.register(…) 会自己每 TTL/3 续租一次，registerOnce 不会`,
      });
  }
  if (o.seen.every((s) => s.ids.length === 0))
    return hinted(seen, {
      en: `orders finds no replica of catalog in the registry: ${registerHint.en}`,
      'zh-cn': `orders 在注册中心里找不到 catalog 的任何副本：${registerHint['zh-cn']}`,
    });
  return hinted(seen, {
    en: 'keep users and payments at their fixed endpoints in ordersClient (endpoints: { users: [fixed.users], payments: [fixed.payments] })',
    'zh-cn':
      '在 ordersClient 里保留 users 和 payments 的固定地址（endpoints: { users: [fixed.users], payments: [fixed.payments] }）',
  });
}

export default defineCheck(async (t) => {
  let learner: Learner | undefined;
  let given: Given | undefined;
  let loadError: CheckText = {
    en: 'discovery.ts does not export stayDiscoverable and ordersClient, or services.ts lost what it gives',
    'zh-cn':
      'discovery.ts 没有导出 stayDiscoverable 和 ordersClient，或者 services.ts 少了给定的内容',
  };
  try {
    const mod = (await import(
      LEARNER_FILE
    )) as Partial<Learner>;
    const svc = (await import(
      GIVEN_FILE
    )) as Partial<Given>;
    if (
      typeof mod.stayDiscoverable === 'function' &&
      typeof mod.ordersClient === 'function'
    )
      learner = mod as Learner;
    if (
      typeof svc.CatalogDb === 'function' &&
      typeof svc.ordersService === 'function' &&
      svc.TTL === TTL
    )
      given = svc as Given;
  } catch (e) {
    const message =
      e instanceof Error ? e.message : String(e);
    loadError = { en: message, 'zh-cn': message };
  }
  if (
    !t.expect(
      {
        en: 'discovery.ts exports stayDiscoverable(ctx, registry, self) and ordersClient(registryUrl, fixed); services.ts is as given (TTL 2s)',
        'zh-cn':
          'discovery.ts 导出了 stayDiscoverable(ctx, registry, self) 和 ordersClient(registryUrl, fixed)；services.ts 保持给定的样子（TTL 2s）',
      },
      learner !== undefined && given !== undefined,
      learner === undefined || given === undefined
        ? loadError
        : undefined,
    ) ||
    learner === undefined ||
    given === undefined
  )
    return;

  const obs = { current: fresh(), since: () => 0 };
  const stop = onTraffic((e) => {
    if (
      e.kind === 'request' &&
      e.from === 'orders' &&
      e.to === 'catalog'
    )
      obs.current.calls.push({
        instance: e.instance,
        at: obs.since() - e.durationMs,
        status: e.status,
      });
  });
  try {
    await t.explore(
      (r) => {
        const o = obs.current;
        const ids = ['catalog-1', 'catalog-2', ADDED];
        const callsTo = (id: string) =>
          o.calls.filter(
            (c) => c.instance === o.instances.get(id),
          );
        const failed = (from: number, to: number) =>
          o.sent.filter(
            (s) =>
              s.at >= from && s.at < to && s.status !== 201,
          );
        const sentIn = (from: number, to: number) =>
          o.sent.filter((s) => s.at >= from && s.at < to);

        // The starter's state: nobody registered, orders calls fixed addresses.
        const unregistered =
          o.calls.length > 0 &&
          o.seen.every((x) => x.ids.length === 0);

        // 1. Registration: each replica, as catalog, with the TTL.
        const regs = ids.map((id) => {
          const bodies = o.registered.get(id) ?? [];
          const ok = bodies.some(
            (b) =>
              b['name'] === 'catalog' && b['ttlMs'] === TTL,
          );
          const what: CheckText =
            bodies.length === 0
              ? {
                  en: `${id}: never registered`,
                  'zh-cn': `${id}：从未注册`,
                }
              : {
                  en: `${id}: registered as ${String(bodies[0]?.['name'])} with ttlMs ${String(bodies[0]?.['ttlMs'])}`,
                  'zh-cn': `${id}：以 ${String(bodies[0]?.['name'])} 注册，ttlMs 为 ${String(bodies[0]?.['ttlMs'])}`,
                };
          return { ok, what };
        });
        const allReg = regs.every((x) => x.ok);
        t.expect(
          {
            en: `${regs.filter((x) => x.ok).length} of ${ids.length} replicas registered as catalog with the TTL of services.ts (${fmt(TTL)}) (needs all)`,
            'zh-cn': `${ids.length} 个副本中有 ${regs.filter((x) => x.ok).length} 个以 catalog 的名字、带着 services.ts 里的 TTL（${fmt(TTL)}）注册（要求全部）`,
          },
          allReg,
          allReg
            ? join(regs.map((x) => x.what))
            : hinted(
                join(regs.map((x) => x.what)),
                registerHint,
              ),
        );

        // 2. Before anything goes wrong, every order is placed.
        const early = sentIn(0, KILL_AT);
        const earlyFailed = failed(0, KILL_AT);
        t.expect(
          {
            en: `before any replica fails (0s–${fmt(KILL_AT)}), ${early.length - earlyFailed.length} of ${early.length} orders were placed (needs all)`,
            'zh-cn': `在任何副本出故障之前（0s–${fmt(KILL_AT)}），${early.length} 个订单中成功 ${early.length - earlyFailed.length} 个（要求全部成功）`,
          },
          early.length > 0 && earlyFailed.length === 0,
          earlyFailed.length === 0
            ? undefined
            : earlyHint(o, earlyFailed),
        );

        // 3. A replica started mid-run gets traffic.
        const added = callsTo(ADDED);
        const firstAdded = added[0]?.at;
        const joined =
          firstAdded !== undefined &&
          firstAdded <= ADD_AT + JOIN_WITHIN;
        t.expect(
          {
            en: `${ADDED}, started at ${fmt(ADD_AT)}, ${firstAdded === undefined ? 'got no call from orders' : `got its first call from orders at ${fmt(firstAdded)}`} (needs one by ${fmt(ADD_AT + JOIN_WITHIN)})`,
            'zh-cn': `${ADDED} 在 ${fmt(ADD_AT)} 启动，${firstAdded === undefined ? '从未收到 orders 的调用' : `在 ${fmt(firstAdded)} 收到 orders 的第一次调用`}（要求不晚于 ${fmt(ADD_AT + JOIN_WITHIN)}）`,
          },
          joined,
          firstAdded === undefined
            ? hinted(
                {
                  en: `orders never called ${ADDED}`,
                  'zh-cn': `orders 从未调用 ${ADDED}`,
                },
                o.calls.length === 0
                  ? noCalls
                  : unregistered
                    ? bothHint
                    : presence(o.seen, ADDED).first ===
                        undefined
                      ? registerHint
                      : resolveHint,
              )
            : {
                en: `first call at ${fmt(firstAdded)}, ${added.length} calls in all`,
                'zh-cn': `第一次调用在 ${fmt(firstAdded)}，总共 ${added.length} 次`,
              },
        );

        // 4. The crashed replica stops getting calls after its TTL.
        const toKilled = callsTo(KILLED).filter(
          (c) => c.at >= KILL_AT,
        );
        const lastKilled =
          toKilled[toKilled.length - 1]?.at;
        const goneInTtl =
          lastKilled === undefined ||
          lastKilled <= KILL_AT + TTL + HAIR_MS;
        const killedLeft = presence(
          o.seen,
          KILLED,
          KILL_AT,
        ).left;
        t.expect(
          {
            en: `${KILLED}, killed at ${fmt(KILL_AT)} without a word, got orders’ last call ${lastKilled === undefined ? 'before it died' : `at ${fmt(lastKilled)}`} (needs none after its TTL, ${fmt(KILL_AT + TTL)})`,
            'zh-cn': `${KILLED} 在 ${fmt(KILL_AT)} 被杀死、来不及告别，${lastKilled === undefined ? '死后没有再收到' : `在 ${fmt(lastKilled)} 收到`} orders 的最后一次调用（要求过了它的 TTL，即 ${fmt(KILL_AT + TTL)} 之后，不再有调用）`,
          },
          goneInTtl,
          lastKilled === undefined
            ? {
                en: 'no call after the kill',
                'zh-cn': '被杀之后没有收到调用',
              }
            : goneInTtl
              ? {
                  en: `${toKilled.length} calls after the kill, the last at ${fmt(lastKilled)}; the registry dropped it at ${killedLeft === undefined ? '?' : fmt(killedLeft)}`,
                  'zh-cn': `被杀之后收到 ${toKilled.length} 次调用，最后一次在 ${fmt(lastKilled)}；注册中心在 ${killedLeft === undefined ? '?' : fmt(killedLeft)} 把它摘掉`,
                }
              : hinted(
                  {
                    en: `${toKilled.length} calls after the kill, the last at ${fmt(lastKilled)}`,
                    'zh-cn': `被杀之后收到 ${toKilled.length} 次调用，最后一次在 ${fmt(lastKilled)}`,
                  },
                  unregistered
                    ? bothHint
                    : killedLeft === undefined
                      ? registerHint
                      : resolveHint,
                ),
        );

        // 5. Orders failed by the crash: at most one TTL's worth.
        const crashFailed = failed(KILL_AT, STOP_AT);
        t.expect(
          {
            en: `the crash failed ${crashFailed.length} orders (needs at most ${MAY_FAIL}, the orders of one TTL: ${fmt(TTL)} at 10 a second)`,
            'zh-cn': `这次崩溃让 ${crashFailed.length} 个订单失败（要求最多 ${MAY_FAIL} 个，即一个 TTL 内的订单：${fmt(TTL)}，每秒 10 个）`,
          },
          crashFailed.length <= MAY_FAIL,
          hinted(
            {
              en: `${crashFailed.length} of the ${sentIn(KILL_AT, STOP_AT).length} orders sent between ${fmt(KILL_AT)} and ${fmt(STOP_AT)} failed`,
              'zh-cn': `${fmt(KILL_AT)} 到 ${fmt(STOP_AT)} 之间发出的 ${sentIn(KILL_AT, STOP_AT).length} 个订单中有 ${crashFailed.length} 个失败`,
            },
            o.calls.length === 0
              ? noCalls
              : unregistered
                ? bothHint
                : killedLeft === undefined
                  ? registerHint
                  : lastKilled !== undefined &&
                      lastKilled > killedLeft
                    ? {
                        en: `the registry dropped ${KILLED} at ${fmt(killedLeft)}, but orders kept calling it: ${resolveHint.en}`,
                        'zh-cn': `注册中心在 ${fmt(killedLeft)} 摘掉了 ${KILLED}，orders 却还在调用它：${resolveHint['zh-cn']}`,
                      }
                    : {
                        en: `the registry dropped ${KILLED} at ${fmt(killedLeft)}; the other orders failed for another reason (see the item on the orders before the crash)`,
                        'zh-cn': `注册中心在 ${fmt(killedLeft)} 摘掉了 ${KILLED}；其余订单是因为别的原因失败的（见“崩溃之前的订单”那一项）`,
                      },
          ),
        );

        // 6. A clean stop leaves discovery at once.
        const before = presence(o.seen, STOPPED).first;
        const left = presence(
          o.seen,
          STOPPED,
          STOP_AT,
        ).left;
        const atOnce =
          before !== undefined &&
          left !== undefined &&
          left <= STOP_AT + LEAVE_WITHIN;
        t.expect(
          {
            en: `${STOPPED}, stopped cleanly at ${fmt(STOP_AT)}, ${left === undefined || before === undefined ? 'never left the registry’s passing list' : `left the registry’s passing list at ${fmt(left)}`} (needs at once: within ${LEAVE_WITHIN}ms, not a TTL later)`,
            'zh-cn': `${STOPPED} 在 ${fmt(STOP_AT)} 正常停止，${left === undefined || before === undefined ? '从未离开' : `在 ${fmt(left)} 离开了`}注册中心的 passing 列表（要求立刻离开：${LEAVE_WITHIN}ms 之内，而不是等一个 TTL）`,
          },
          atOnce,
          before === undefined
            ? hinted(
                {
                  en: `${STOPPED} was never in the registry`,
                  'zh-cn': `${STOPPED} 从未出现在注册中心里`,
                },
                registerHint,
              )
            : left === undefined
              ? {
                  en: `${STOPPED} was still passing at the end: deregister when ctx is done (the Registration's deregister())`,
                  'zh-cn': `${STOPPED} 到最后仍是 passing：ctx 结束时请注销（Registration 的 deregister()）`,
                }
              : left > STOP_AT + LEAVE_WITHIN
                ? {
                    en: `it left at ${fmt(left)}, when its lease ran out: deregister when ctx is done (the Registration's deregister())`,
                    'zh-cn': `它在 ${fmt(left)} 才离开，那是租约到期的时候：ctx 结束时请注销（Registration 的 deregister()）`,
                  }
                : {
                    en: `it left at ${fmt(left)}`,
                    'zh-cn': `它在 ${fmt(left)} 离开`,
                  },
        );

        // 7. ... and costs no order.
        const stopFailed = failed(STOP_AT, Infinity);
        const toStopped = callsTo(STOPPED).filter(
          (c) => c.at > STOP_AT + HAIR_MS,
        );
        t.expect(
          {
            en: `after ${STOPPED} stopped: ${toStopped.length} calls to it and ${stopFailed.length} failed orders (needs 0 and 0)`,
            'zh-cn': `${STOPPED} 停止之后：对它的调用 ${toStopped.length} 次，失败的订单 ${stopFailed.length} 个（要求都是 0）`,
          },
          stopFailed.length === 0 && toStopped.length === 0,
          hinted(
            {
              en: `${toStopped.length} calls to ${STOPPED} after ${fmt(STOP_AT)}; ${stopFailed.length} of ${sentIn(STOP_AT, Infinity).length} orders failed`,
              'zh-cn': `${fmt(STOP_AT)} 之后对 ${STOPPED} 的调用 ${toStopped.length} 次；${sentIn(STOP_AT, Infinity).length} 个订单中失败 ${stopFailed.length} 个`,
            },
            o.calls.length === 0
              ? noCalls
              : unregistered
                ? bothHint
                : toStopped.length > 0 &&
                    (left === undefined ||
                      left > STOP_AT + LEAVE_WITHIN)
                  ? {
                      en: `the registry still listed ${STOPPED}, so orders kept calling a replica that was gone: deregister when ctx is done (the Registration's deregister())`,
                      'zh-cn': `注册中心仍然列着 ${STOPPED}，所以 orders 一直在调用一个已经不在的副本：ctx 结束时请注销（Registration 的 deregister()）`,
                    }
                  : resolveHint,
          ),
        );

        // 8. The stock in catalog's database is what the placed orders reserved.
        const placed = new Map<string, number>();
        for (const s of o.sent)
          if (s.status === 201)
            placed.set(s.sku, (placed.get(s.sku) ?? 0) + 1);
        const stockText = SKUS.map(
          (sku) =>
            `${sku} ${o.initial.get(sku) ?? '?'} − ${placed.get(sku) ?? 0} = ${o.stock.get(sku) ?? '?'}`,
        ).join(', ');
        t.expect(
          {
            en: `catalog's database lost exactly the stock of the ${[...placed.values()].reduce((a, b) => a + b, 0)} placed orders (a failed order reserves nothing)`,
            'zh-cn': `catalog 数据库减少的库存恰好等于 ${[...placed.values()].reduce((a, b) => a + b, 0)} 个成功订单的数量（失败的订单不预留任何库存）`,
          },
          SKUS.every(
            (sku) =>
              (o.initial.get(sku) ?? 0) -
                (placed.get(sku) ?? 0) ===
              o.stock.get(sku),
          ),
          { en: stockText, 'zh-cn': stockText },
        );

        t.exitsCleanly(r);
        t.noLeaks(r);
      },
      {
        schedules: SCHEDULES,
        main: bench(learner, given, obs),
      },
    );
  } finally {
    stop();
  }
});
