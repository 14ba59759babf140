/**
 * Check for services/heartbeat. The check runs its own bench around the learner's
 * `stayRegistered` (instance.ts, loaded at run time), on the virtual clock, over gomesh's HTTP:
 * a registry (startRegistry), three instances of `api` started one second apart, each a process
 * with its own HTTP server, its own link to the network (every request takes 100 ms to arrive) and
 * its own RegistryClient; and a watcher that follows the registry with blocking queries over HTTP
 * (RegistryClient.health with `index`) and records each passing list with the virtual time it
 * arrived. At 1m the check kills api-2 (its link is cut: nothing it sends arrives, it cannot say
 * goodbye; its ctx is cancelled so its goroutines end with it), at 1m30s it stops api-3 (SIGTERM:
 * its ctx is cancelled), at 2m api-1.
 *
 * Times are exact on the virtual clock: an instance registers one round trip after it starts; a
 * stopped instance leaves one round trip after it stops, when its deregistration arrives; a killed
 * one leaves when the lease renewed by the last heartbeat that reached the registry runs out (the
 * bench sees each answer arrive on the instance's link), at most one TTL after the kill; a live one
 * never leaves — a heartbeat every TTL arrives one round trip after the lease it renews has run
 * out, and the watcher sees the instance leave and come back. A heartbeat that does
 * not stop on shutdown is a goroutine left behind when the bench returns. Explored over 50
 * schedules: a beat and a shutdown at one instant must give the same answer in every order.
 */
import { chan, go, type Chan } from 'gort';
import * as context from 'gort/context';
import * as time from 'gort/time';
import {
  linkTransport,
  serve,
  text,
  type Transport,
} from 'gomesh';
import {
  RegistryClient,
  startRegistry,
} from 'gomesh/registry';
import { defineCheck, type CheckText } from 'labcheck';

/** What the learner's instance.ts exports (checked when it is loaded). */
interface Learner {
  stayRegistered(
    ctx: context.Context,
    registry: RegistryClient,
    self: { id: string; address: string; port: number },
  ): Promise<void>;
}

/** Where the learner's file is in the mounted tree, next to this check (computed: loaded at run time). */
const LEARNER_FILE = './instance.js';

const TTL = 15_000;
const LATENCY = 100;
const NAMES = ['api-1', 'api-2', 'api-3'] as const;
const STARTS: Record<string, number> = {
  'api-1': 0,
  'api-2': 1000,
  'api-3': 2000,
};
const KILLED = 'api-2';
const KILL_AT = 60_000;
const STOPS: Record<string, number> = {
  'api-3': 90_000,
  'api-1': 120_000,
};
const SCHEDULES = 50;
/** Passing lists a detail quotes at most. */
const SHOWN = 8;

/** A passing list the watcher received, and when (ms of virtual time since the bench started). */
interface Seen {
  readonly at: number;
  readonly ids: readonly string[];
}

/** What one run of the bench observed. */
interface Observed {
  seen: Seen[];
  /** Per instance, when the answers to its registration and beats that the registry took arrived. */
  answered: Map<string, number[]>;
}

const fmt = (ms: number) => time.formatDuration(ms);
const list = (ids: readonly string[]) =>
  `[${ids.join(' ')}]`;

/**
 * The check's bench around the learner's stayRegistered; fills `obs` as it runs. Only the first run
 * names its callers, so the Traffic view shows that run's requests, as the terminal shows its
 * output (the other schedules' would pile up on the same minutes).
 */
function bench(learner: Learner, obs: Observed) {
  let runs = 0;
  return async () => {
    const shown = ++runs === 1;
    const start = time.now();
    const since = () => time.since(start);
    const log = (what: string) =>
      console.log(fmt(since()).padEnd(8), what);
    obs.seen = [];
    obs.answered = new Map();
    const heard = (id: string) => {
      const at = obs.answered.get(id) ?? [];
      at.push(since());
      obs.answered.set(id, at);
    };
    const reg = await startRegistry();
    const [watching, stopWatching] = context.withCancel(
      context.background(),
    );
    const watched = chan<undefined>();
    const watcher = new RegistryClient(
      reg.url,
      shown ? { caller: 'check' } : {},
    );
    go(async function watch() {
      let index = 0;
      let last = list([]);
      try {
        while (watching.err() === null) {
          const answer = await watcher.health('api', {
            passing: true,
            index,
            waitMs: time.Minute,
          });
          index = answer.index;
          const ids = answer.instances.map((i) => i.id);
          if (list(ids) !== last) {
            obs.seen.push({ at: since(), ids });
            log(`api: ${list(ids)}`);
          }
          last = list(ids);
        }
      } catch (e) {
        // The registry closed as the watch stopped.
        if (watching.err() === null) throw e;
      } finally {
        watched.close();
      }
    });

    const procs = new Map<
      string,
      { stop(): Promise<void>; kill(): Promise<void> }
    >();
    for (const id of NAMES) {
      await time.sleep((STARTS[id] ?? 0) - since());
      procs.set(
        id,
        await run(learner, reg.url, id, shown, () =>
          heard(id),
        ),
      );
    }
    await time.sleep(KILL_AT - since());
    log(`${KILLED} is killed`);
    await procs.get(KILLED)?.kill();
    for (const [id, at] of Object.entries(STOPS)) {
      await time.sleep(at - since());
      log(`${id} stops`);
      await procs.get(id)?.stop();
    }
    stopWatching();
    await reg.close();
    await watched.recv();
  };
}

/**
 * Starts instance `id` as a process: its server, its link, its registry client (named as a caller
 * when `shown`), stayRegistered. `heard` is called when the registry took one of its registrations
 * or beats (answered 200), at the virtual time the answer arrived.
 */
async function run(
  learner: Learner,
  registryUrl: string,
  id: string,
  shown: boolean,
  heard: () => void,
) {
  const [ctx, cancel] = context.withCancel(
    context.background(),
  );
  const link = linkTransport({ latencyMs: LATENCY });
  const observed: Transport = {
    name: link.name,
    listen: (host, port, handler) =>
      link.listen(host, port, handler),
    async send(req) {
      const res = await link.send(req);
      if (
        res.status === 200 &&
        !req.url.includes('/deregister/')
      )
        heard();
      return res;
    },
  };
  const server = await serve('api', () =>
    text(200, `${id} here\n`),
  );
  const registry = new RegistryClient(registryUrl, {
    transport: observed,
    ...(shown ? { caller: id } : {}),
  });
  const exited: Chan<undefined> = chan<undefined>();
  go(async function proc() {
    try {
      await learner.stayRegistered(ctx, registry, {
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

/** When `id` was in the passing lists the watcher saw: its first appearance and each absence after it. */
function presence(seen: readonly Seen[], id: string) {
  let first: number | undefined;
  const gone: { left: number; back?: number }[] = [];
  let present = false;
  for (const s of seen) {
    const now = s.ids.includes(id);
    if (now && first === undefined) first = s.at;
    if (now && !present && gone.length > 0) {
      const open = gone[gone.length - 1];
      if (open !== undefined && open.back === undefined)
        gone[gone.length - 1] = {
          left: open.left,
          back: s.at,
        };
    }
    if (!now && present) gone.push({ left: s.at });
    present = now;
  }
  return { first, gone };
}

/** The last answer from the registry to `id` at or before `at`, if any. */
function lastAnswer(
  obs: Observed,
  id: string,
  at: number,
): number | undefined {
  const times = (obs.answered.get(id) ?? []).filter(
    (t) => t <= at,
  );
  return times.length === 0
    ? undefined
    : Math.max(...times);
}

const beatHint: CheckText = {
  en: 'renew the lease with registry.heartbeat(id) from a goroutine, on a time.newTicker(ttl / 3): well within the TTL, so that a late or lost beat does not let it run out',
  'zh-cn':
    '在一个 goroutine 里用 time.newTicker(ttl / 3) 定时调用 registry.heartbeat(id) 续租：间隔要远小于 TTL，这样一次心跳来迟或丢失也不会让租约过期',
};

/** Why `id` left the list at `left` while alive: its lease ran out. */
function lapsed(
  obs: Observed,
  id: string,
  left: number,
): CheckText {
  const heard = lastAnswer(obs, id, left);
  const from =
    heard === undefined
      ? {
          en: `the registry never heard from ${id}`,
          'zh-cn': `注册中心从没收到过 ${id} 的请求`,
        }
      : {
          en: `the registry had last heard from ${id} at ${fmt(heard)}, ${fmt(left - heard)} before`,
          'zh-cn': `注册中心上一次收到 ${id} 的请求是在 ${fmt(heard)}，早了 ${fmt(left - heard)}`,
        };
  return {
    en: `${from.en}: ${beatHint.en}`,
    'zh-cn': `${from['zh-cn']}：${beatHint['zh-cn']}`,
  };
}

const expected: readonly (readonly string[])[] = [
  ['api-1'],
  ['api-1', 'api-2'],
  ['api-1', 'api-2', 'api-3'],
  ['api-1', 'api-3'],
  ['api-1'],
  [],
];

export default defineCheck(async (t) => {
  let learner: Learner | undefined;
  let loadError: CheckText = {
    en: 'instance.ts does not export a function stayRegistered',
    'zh-cn': 'instance.ts 没有导出函数 stayRegistered',
  };
  try {
    const mod = (await import(
      LEARNER_FILE
    )) as Partial<Learner>;
    if (typeof mod.stayRegistered === 'function')
      learner = mod as Learner;
  } catch (e) {
    const message =
      e instanceof Error ? e.message : String(e);
    loadError = { en: message, 'zh-cn': message };
  }
  if (
    !t.expect(
      {
        en: 'instance.ts exports stayRegistered(ctx, registry, self)',
        'zh-cn':
          'instance.ts 导出了 stayRegistered(ctx, registry, self)',
      },
      learner !== undefined,
      learner === undefined ? loadError : undefined,
    ) ||
    learner === undefined
  )
    return;

  const obs: Observed = { seen: [], answered: new Map() };
  await t.explore(
    (r) => {
      t.exitsCleanly(r);

      // Registration: each instance appears as it starts.
      const firsts = NAMES.map(
        (id) => [id, presence(obs.seen, id).first] as const,
      );
      const appeared = firsts
        .map(([id, at]) =>
          at === undefined
            ? {
                en: `${id} never`,
                'zh-cn': `${id} 从未出现`,
              }
            : {
                en: `${id} at ${fmt(at)}`,
                'zh-cn': `${id} 在 ${fmt(at)}`,
              },
        )
        .reduce(
          (a, b) => ({
            en: a.en === '' ? b.en : `${a.en}, ${b.en}`,
            'zh-cn':
              a['zh-cn'] === ''
                ? b['zh-cn']
                : `${a['zh-cn']}，${b['zh-cn']}`,
          }),
          { en: '', 'zh-cn': '' },
        );
      t.expect(
        {
          en: 'api-1, api-2 and api-3 register as they start (at 0s, 1s and 2s), and the watcher sees each appear',
          'zh-cn':
            'api-1、api-2 和 api-3 一启动（0s、1s、2s）就注册，监视器看到它们逐个出现',
        },
        firsts.every(
          ([id, at]) =>
            at !== undefined &&
            at < (STARTS[id] ?? 0) + 1000,
        ),
        {
          en: `the watcher saw ${appeared.en}`,
          'zh-cn': `监视器看到：${appeared['zh-cn']}`,
        },
      );

      // api-1 is alive until 2m: it must never leave before.
      const stop1 = STOPS['api-1'] ?? 0;
      const early = presence(obs.seen, 'api-1').gone.find(
        (g) => g.left < stop1,
      );
      t.expect(
        {
          en: `api-1, alive until it stops at ${fmt(stop1)}, never leaves the passing list (no flapping)`,
          'zh-cn': `api-1 在 ${fmt(stop1)} 停止之前一直活着，从不离开 passing 列表（不抖动）`,
        },
        early === undefined,
        early === undefined
          ? undefined
          : early.back === undefined
            ? {
                en: `it left at ${fmt(early.left)} while alive — its lease ran out: ${lapsed(obs, 'api-1', early.left).en}`,
                'zh-cn': `它还活着，却在 ${fmt(early.left)} 离开了列表——租约过期了：${lapsed(obs, 'api-1', early.left)['zh-cn']}`,
              }
            : {
                en: `it flapped: left at ${fmt(early.left)} and came back at ${fmt(early.back)} — the beat that renews the lease arrived after it had run out: ${beatHint.en}`,
                'zh-cn': `它在抖动（flapping）：${fmt(early.left)} 离开、${fmt(early.back)} 又回来——续租的心跳到达时租约已经过期：${beatHint['zh-cn']}`,
              },
      );

      // api-2 was killed at 1m: no goodbye, so it leaves when its lease runs out.
      const crash = presence(obs.seen, KILLED).gone[0];
      const heard = lastAnswer(obs, KILLED, KILL_AT);
      const crashOk =
        crash !== undefined &&
        crash.back === undefined &&
        crash.left > KILL_AT &&
        crash.left <= KILL_AT + TTL;
      t.expect(
        {
          en: `${KILLED}, killed at ${fmt(KILL_AT)} without a goodbye, leaves the passing list within its TTL (by ${fmt(KILL_AT + TTL)}), not before`,
          'zh-cn': `${KILLED} 在 ${fmt(KILL_AT)} 被杀死、来不及注销，在一个 TTL 之内（${fmt(KILL_AT + TTL)} 之前）离开 passing 列表，但不早于被杀`,
        },
        crashOk,
        crash === undefined
          ? {
              en: 'it never left the list: register with a TTL (ttlMs: ttl), so that the registry notices when the heartbeats stop',
              'zh-cn':
                '它一直没有离开列表：注册时要带上 TTL（ttlMs: ttl），注册中心才能发现心跳停了',
            }
          : crash.left <= KILL_AT
            ? {
                en: `it left at ${fmt(crash.left)}, while still alive — its lease ran out: ${lapsed(obs, KILLED, crash.left).en}`,
                'zh-cn': `它在 ${fmt(crash.left)} 就离开了列表，那时它还活着——租约过期了：${lapsed(obs, KILLED, crash.left)['zh-cn']}`,
              }
            : crash.left > KILL_AT + TTL
              ? {
                  en: `it left at ${fmt(crash.left)}, more than one TTL after it was killed: register with ttlMs: ttl`,
                  'zh-cn': `它在 ${fmt(crash.left)} 才离开，距被杀已超过一个 TTL：注册时请用 ttlMs: ttl`,
                }
              : crash.back !== undefined
                ? {
                    en: `it came back at ${fmt(crash.back)}, after it was killed`,
                    'zh-cn': `它在被杀之后又于 ${fmt(crash.back)} 回到了列表`,
                  }
                : heard === undefined
                  ? {
                      en: `it left at ${fmt(crash.left)}`,
                      'zh-cn': `它在 ${fmt(crash.left)} 离开`,
                    }
                  : {
                      en: `it left at ${fmt(crash.left)}, when the lease renewed by its last beat (at ${fmt(heard)}) ran out`,
                      'zh-cn': `它在 ${fmt(crash.left)} 离开：那是它最后一次心跳（${fmt(heard)}）续上的租约到期的时刻`,
                    },
      );

      // api-3 and api-1 stop cleanly: each leaves one round trip after it stops, and stays gone.
      for (const [id, at] of Object.entries(STOPS)) {
        const { gone } = presence(obs.seen, id);
        const left =
          gone.find((g) => g.left >= at) ?? gone[0];
        const ok =
          left !== undefined &&
          left.left >= at &&
          left.left <= at + 1000 &&
          left.back === undefined;
        t.expect(
          {
            en: `${id}, stopped at ${fmt(at)}, leaves the passing list at once (within a second) and for good`,
            'zh-cn': `${id} 在 ${fmt(at)} 停止，立刻（一秒之内）离开 passing 列表，并且不再回来`,
          },
          ok,
          left === undefined
            ? {
                en: 'it never left the list: deregister (registry.deregister(id)) when ctx is done',
                'zh-cn':
                  '它一直没有离开列表：ctx 结束时请注销（registry.deregister(id)）',
              }
            : left.left < at
              ? {
                  en: `it had already left at ${fmt(left.left)}, before it stopped — its lease ran out: ${lapsed(obs, id, left.left).en}`,
                  'zh-cn': `它在 ${fmt(left.left)}、停止之前就已经离开了列表——租约过期了：${lapsed(obs, id, left.left)['zh-cn']}`,
                }
              : left.back !== undefined
                ? {
                    en: `it left at ${fmt(left.left)} but came back at ${fmt(left.back)}: something registered it again after its goodbye`,
                    'zh-cn': `它在 ${fmt(left.left)} 离开，却又在 ${fmt(left.back)} 回来了：告别之后又有请求把它注册了回去`,
                  }
                : left.left > at + 1000
                  ? {
                      en: `it left at ${fmt(left.left)}, when its lease ran out, not when it stopped: deregister (registry.deregister(id)) when ctx is done`,
                      'zh-cn': `它在 ${fmt(left.left)} 才离开——那是租约到期，而不是停止的时候：ctx 结束时请注销（registry.deregister(id)）`,
                    }
                  : {
                      en: `it left at ${fmt(left.left)}, when its deregistration arrived`,
                      'zh-cn': `它在 ${fmt(left.left)} 离开：注销请求在那时到达`,
                    },
        );
      }

      // The watcher, following the registry with blocking queries, saw every change and only those.
      const lists = obs.seen.map((s) => list(s.ids));
      const shown = obs.seen
        .slice(0, SHOWN)
        .map((s) => `${fmt(s.at)} ${list(s.ids)}`)
        .join(', ');
      const more = obs.seen.length - SHOWN;
      const seenText: CheckText =
        more > 0
          ? {
              en: `${shown} and ${more} more`,
              'zh-cn': `${shown}，还有 ${more} 次`,
            }
          : { en: shown, 'zh-cn': shown };
      t.expect(
        {
          en: `the watcher sees each change, in order: ${expected.map(list).join(' → ')}`,
          'zh-cn': `监视器按顺序看到每一次变化：${expected.map(list).join(' → ')}`,
        },
        lists.length === expected.length &&
          lists.every(
            (ids, i) => ids === list(expected[i] ?? []),
          ),
        {
          en: `it saw ${seenText.en}`,
          'zh-cn': `它看到的是 ${seenText['zh-cn']}`,
        },
      );

      t.noLeaks(r);
    },
    { schedules: SCHEDULES, main: bench(learner, obs) },
  );
});
