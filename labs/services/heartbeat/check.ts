/**
 * Check for services/heartbeat: three instances of `api` register with a 15 s TTL; at 1m api-2
 * crashes (its connection is cut: no goodbye, no more beats), at 2m api-3 shuts down cleanly, at
 * 10m api-1 does. The program's watcher prints the passing list after every change (a blocking
 * query on the registry); this check reads that timeline.
 *
 * The registry is gomesh's, on the virtual clock, so times are exact: a cleanly stopped instance
 * leaves one round trip (100 ms) after its shutdown; a crashed one leaves when its lease expires,
 * at most one TTL after the crash and never before it; a live one never leaves. A heartbeat every
 * TTL flaps (the beat lands one round trip after the lease expired); a heartbeat that does not stop
 * on shutdown is a goroutine left behind when main returns. Explored over many schedules: a beat
 * and a shutdown in the same instant must give the same answer in every order.
 */
import { formatDuration } from 'gort/time';
import {
  defineCheck,
  durationMs,
  type CheckText,
} from 'labcheck';

const ttl = 15_000;
const crashAt = 60_000;
const stops: Record<string, number> = {
  'api-3': 120_000,
  'api-1': 600_000,
};
const names = ['api-1', 'api-2', 'api-3'];

/** The passing list over time, from the watcher's lines `<time> api: [<ids>]`. */
interface Change {
  readonly at: number;
  readonly ids: ReadonlySet<string>;
}

function timeline(lines: readonly string[]): Change[] {
  const out: Change[] = [];
  for (const line of lines) {
    const m = /^(\S+)\s+api: \[(.*)\]$/.exec(line);
    if (m === null) continue;
    const at = durationMs(m[1] ?? '') ?? Number.NaN;
    const ids = (m[2] ?? '')
      .split(' ')
      .filter((id) => id !== '');
    if (!Number.isNaN(at))
      out.push({ at, ids: new Set(ids) });
  }
  return out;
}

/** When `id` left and came back, as [left, back?] spans, after it first appeared. */
function absences(
  changes: readonly Change[],
  id: string,
): { left: number; back?: number }[] {
  const spans: { left: number; back?: number }[] = [];
  let seen = false;
  let present = false;
  for (const c of changes) {
    const now = c.ids.has(id);
    if (now && !present && seen) {
      const open = spans.at(-1);
      if (open !== undefined)
        spans[spans.length - 1] = {
          left: open.left,
          back: c.at,
        };
    }
    if (!now && present) spans.push({ left: c.at });
    if (now) seen = true;
    present = now;
  }
  return spans;
}

const noBeat: CheckText = {
  en: 'its lease was not renewed in time: heartbeat (conn.pass) more often than the TTL, e.g. every ttl/3',
  'zh-cn':
    '它的租约没有及时续上：心跳（conn.pass）的间隔要比 TTL 短，例如每 ttl/3 一次',
};

export default defineCheck(async (t) => {
  await t.explore((run) => {
    t.exitsCleanly(run);
    const changes = timeline(run.lines);

    const all = changes.find((c) =>
      names.every((n) => c.ids.has(n)),
    );
    t.expect(
      {
        en: 'all three instances register and appear in the passing list',
        'zh-cn':
          '三个实例都注册成功，出现在健康（passing）列表里',
      },
      all !== undefined && all.at < crashAt,
      {
        en: `the watcher never saw ${names.join(', ')} passing together`,
        'zh-cn': `监视器从没看到 ${names.join('、')} 同时处于 passing`,
      },
    );

    // api-1 is alive until 10m: it must never leave before that.
    const early = absences(changes, 'api-1').find(
      (a) => a.left < (stops['api-1'] ?? 0),
    );
    t.expect(
      {
        en: 'api-1, alive, stays in the passing list until it shuts down at 10m0s',
        'zh-cn':
          'api-1 一直活着，在 10m0s 关闭之前始终留在 passing 列表里',
      },
      early === undefined,
      early === undefined
        ? undefined
        : early.back === undefined
          ? {
              en: `it dropped out at ${formatDuration(early.left)} while alive: ${noBeat.en}`,
              'zh-cn': `它在 ${formatDuration(early.left)} 就掉出了列表，而它还活着：${noBeat['zh-cn']}`,
            }
          : {
              en: `it flapped: left at ${formatDuration(early.left)} and came back at ${formatDuration(early.back)} — a beat that lands one round trip after the lease expired is too late; beat well within the TTL (ttl/3)`,
              'zh-cn': `它在抖动（flapping）：${formatDuration(early.left)} 掉出、${formatDuration(early.back)} 又回来——心跳晚了一个往返才到，租约已经过期；心跳要远小于 TTL（ttl/3）`,
            },
    );

    // api-3 and api-1 shut down cleanly: each leaves within a second, never before.
    for (const [id, at] of Object.entries(stops)) {
      const gone = absences(changes, id)[0];
      const ok =
        gone !== undefined &&
        gone.left >= at &&
        gone.left <= at + 1000;
      t.expect(
        {
          en: `${id}, shut down cleanly at ${formatDuration(at)}, leaves the list at once (within a second)`,
          'zh-cn': `${id} 在 ${formatDuration(at)} 正常关闭，立刻（一秒之内）离开列表`,
        },
        ok,
        gone === undefined
          ? {
              en: `it never left the list: deregister (conn.deregister) on shutdown`,
              'zh-cn':
                '它一直没有离开列表：关闭时请注销（conn.deregister）',
            }
          : gone.left < at
            ? {
                en: `it had already dropped out at ${formatDuration(gone.left)}, before it shut down: ${noBeat.en}`,
                'zh-cn': `它在 ${formatDuration(gone.left)}、关闭之前就已经掉出了列表：${noBeat['zh-cn']}`,
              }
            : {
                en: `it left at ${formatDuration(gone.left)}, when its lease expired, not when it shut down: deregister (conn.deregister) when ctx is done`,
                'zh-cn': `它在 ${formatDuration(gone.left)} 才离开——那是租约过期，而不是关闭的时候：ctx 结束时请注销（conn.deregister）`,
              },
      );
    }

    // api-2 crashed at 1m: no goodbye, so it leaves when its lease expires.
    const crashed = absences(changes, 'api-2')[0];
    t.expect(
      {
        en: `api-2, crashed at 1m0s without deregistering, leaves within its TTL (by ${formatDuration(crashAt + ttl)}), not before the crash`,
        'zh-cn': `api-2 在 1m0s 崩溃、没有注销，在一个 TTL 之内（${formatDuration(crashAt + ttl)} 之前）离开列表，但不早于崩溃`,
      },
      crashed !== undefined &&
        crashed.left >= crashAt &&
        crashed.left <= crashAt + ttl,
      crashed === undefined
        ? {
            en: 'it never left the list',
            'zh-cn': '它一直没有离开列表',
          }
        : crashed.left < crashAt
          ? {
              en: `it dropped out at ${formatDuration(crashed.left)}, while still alive: ${noBeat.en}`,
              'zh-cn': `它在 ${formatDuration(crashed.left)} 就掉出了列表，那时它还活着：${noBeat['zh-cn']}`,
            }
          : {
              en: `it left at ${formatDuration(crashed.left)}, later than one TTL after the crash`,
              'zh-cn': `它在 ${formatDuration(crashed.left)} 才离开，超过了崩溃之后一个 TTL`,
            },
    );

    t.noLeaks(run);
  });
});
