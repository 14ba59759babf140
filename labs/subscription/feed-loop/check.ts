/**
 * Check for subscription/feed-loop: the for-select loop of Sameer Ajmani's "Advanced Go
 * Concurrency Patterns" (2013). A fake fetcher (10ms a fetch, four batches, each repeating the last
 * item of the one before, then `503 Service Unavailable`) feeds a subscription that a slow reader
 * (one item every 25ms) reads eight items from, then closes while a fetch is in flight.
 *
 * Read from the output and the trace, not from the learner's state: the reader prints each item
 * with its time and when close() was called and returned; the fetcher prints when each fetch
 * started. On the virtual clock these times are exact, so the items waiting in the loop when a fetch
 * starts are the new GUIDs of the fetches finished by then minus the items the reader got by then
 * (an item got in the same instant counts as got, which can only make the count smaller than the
 * loop's own). A goroutine's life is its `go.start` and `go.exit`.
 *
 * Explored over many schedules: a send and a fetch finishing in the same instant, or a close
 * arriving with them, must give the same answer in every order.
 */
import { formatDuration } from 'gort/time';
import {
  defineCheck,
  durationMs,
  type CheckText,
} from 'labcheck';

const MAIN = 1;
const maxPending = 4;
const fetchTakes = 10;
const lastError = 'GET /feed: 503 Service Unavailable';
/** What each fetch returns (titles; the GUID is go.dev/blog/<title>), then errors. */
const batches = [
  ['loopvar', 'rangefunc', 'iter'],
  ['iter', 'unique', 'synctest'],
  ['synctest', 'swiss', 'weak'],
  ['weak', 'toolchain', 'greenteagc'],
];
/** The feed's items, each once, in order: the first eight are what the reader must get. */
const feed = [...new Set(batches.flat())].slice(0, 8);

/** `prefix <rest> at <time>` lines: [rest, ms]. */
function timed(
  lines: readonly string[],
  re: RegExp,
): [string, number][] {
  return lines.flatMap((l) => {
    const m = re.exec(l);
    const ms = m === null ? undefined : durationMs(m[2]!);
    return m === null || ms === undefined
      ? []
      : [[m[1]!, ms] as [string, number]];
  });
}

export default defineCheck(async (t) => {
  await t.explore((run) => {
    t.exitsCleanly(run);

    const got = timed(run.lines, /^got (.*) at (\S+)$/);
    const fetches = timed(
      run.lines,
      /^fetch (\d+) at (\S+)$/,
    ).map(([, ms]) => ms);
    const closeAt = durationMs(
      run.lines
        .find((l) => l.startsWith('close at '))
        ?.slice('close at '.length) ?? '',
    );
    const closedLine = run.lines.find((l) =>
      l.startsWith('closed at '),
    );
    const closed =
      closedLine === undefined
        ? undefined
        : /^closed at (\S+): (.*)$/.exec(closedLine);
    const closedAt =
      closed == null ? undefined : durationMs(closed[1]!);

    t.expect(
      {
        en: 'close() returns in the instant it is called, even with a fetch in flight',
        'zh-cn':
          'close() 在被调用的同一时刻返回，即使有抓取正在进行',
      },
      closeAt !== undefined && closedAt === closeAt,
      closedAt === undefined
        ? {
            en: 'close() never returned: the loop must select on closing in every state — not sleep, and not block on a send the reader no longer takes',
            'zh-cn':
              'close() 一直没有返回：循环在任何状态下都要在 select 里等 closing——不能 sleep，也不能阻塞在读者不再接收的发送上',
          }
        : {
            en: `close() was called at ${formatDuration(closeAt ?? 0)} and returned at ${formatDuration(closedAt)}`,
            'zh-cn': `close() 在 ${formatDuration(closeAt ?? 0)} 被调用，到 ${formatDuration(closedAt)} 才返回`,
          },
    );

    const err = closed?.[2];
    t.expect(
      {
        en: `close() returns the fetcher's last error: ${lastError}`,
        'zh-cn': `close() 返回抓取器最后一次的错误：${lastError}`,
      },
      err === lastError,
      {
        en: `it returned ${err === undefined ? 'nothing' : err === 'nil' ? 'nil' : `"${err}"`}: the loop keeps the last fetch's error and sends it back on the channel close() gave it`,
        'zh-cn': `它返回的是 ${err === undefined ? '空' : err === 'nil' ? 'nil' : `"${err}"`}：循环记住最后一次抓取的错误，并通过 close() 交给它的通道送回去`,
      },
    );

    const titles = got.map(([title]) => title);
    const twice = titles.find(
      (title, i) => titles.indexOf(title) !== i,
    );
    t.expect(
      {
        en: `the reader gets each item once, in the feed's order: ${feed.join(', ')}`,
        'zh-cn': `读者按源的顺序、每条只收到一次：${feed.join('、')}`,
      },
      titles.join() === feed.join(),
      twice !== undefined
        ? {
            en: `it got ${twice} twice: the feed repeats an item, and the loop must drop a GUID it has seen`,
            'zh-cn': `${twice} 收到了两次：源会重复条目，循环要丢掉已经见过的 GUID`,
          }
        : {
            en: `it got ${titles.join(', ') || 'nothing'}`,
            'zh-cn': `它收到的是 ${titles.join('、') || '空'}`,
          },
    );

    // The new GUIDs of the fetches finished by `ms`, minus the items the reader got by then.
    const waiting = (ms: number) => {
      const seen = new Set<string>();
      fetches.forEach((start, i) => {
        if (start + fetchTakes <= ms)
          for (const title of batches[i] ?? [])
            seen.add(title);
      });
      return (
        seen.size - got.filter(([, at]) => at <= ms).length
      );
    };
    const full = fetches
      .map(
        (start, i) =>
          [i + 1, start, waiting(start)] as const,
      )
      .find(([, , n]) => n >= maxPending);
    t.expect(
      {
        en: `no fetch starts while ${maxPending} items (maxPending) are waiting for the reader`,
        'zh-cn': `有 ${maxPending} 条（maxPending）在等读者时，不开始新的抓取`,
      },
      full === undefined,
      full === undefined
        ? {
            en: 'the queue stayed bounded',
            'zh-cn': '队列保持有界',
          }
        : {
            en: `fetch ${full[0]} started at ${formatDuration(full[1])} with ${full[2]} items waiting: turn the fetch case off (a nil channel) while len(pending) >= maxPending`,
            'zh-cn': `第 ${full[0]} 次抓取在 ${formatDuration(full[1])} 开始，当时已有 ${full[2]} 条在等：len(pending) >= maxPending 时用 nil 通道关掉抓取的 case`,
          },
    );

    const overlap = fetches.findIndex(
      (start, i) =>
        i > 0 && start < fetches[i - 1]! + fetchTakes,
    );
    t.expect(
      {
        en: 'one fetch at a time: none starts while another is running',
        'zh-cn': '一次只抓一次：有抓取在进行时不开始新的',
      },
      overlap === -1,
      {
        en: `fetch ${overlap + 1} started at ${formatDuration(fetches[overlap] ?? 0)}, before fetch ${overlap} ended: keep fetchDone non-nil while a fetch runs and start none then`,
        'zh-cn': `第 ${overlap + 1} 次抓取在 ${formatDuration(fetches[overlap] ?? 0)} 开始，第 ${overlap} 次还没结束：抓取进行时 fetchDone 不为 nil，这时不要开始新的抓取`,
      },
    );

    const exits = new Map(
      t.events(run, 'go.exit').map((e) => [e.g, e.t]),
    );
    const start = t.events(run, 'go.start')[0]?.t ?? 0;
    const limit =
      closedAt === undefined
        ? undefined
        : closedAt + fetchTakes;
    const late: CheckText[] = t
      .events(run, 'go.start')
      .filter((e) => e.g !== MAIN)
      .flatMap((e) => {
        const end = exits.get(e.g);
        if (
          limit !== undefined &&
          end !== undefined &&
          end - start <= limit
        )
          return [];
        return [
          end === undefined
            ? {
                en: `${e.fn} (goroutine ${e.g}) never ended`,
                'zh-cn': `${e.fn}（goroutine ${e.g}）一直没有结束`,
              }
            : {
                en: `${e.fn} (goroutine ${e.g}) ended at ${formatDuration(end - start)}`,
                'zh-cn': `${e.fn}（goroutine ${e.g}）到 ${formatDuration(end - start)} 才结束`,
              },
        ];
      });
    t.expect(
      {
        en: `every goroutine the subscription started has ended within ${fetchTakes}ms of close() returning (a fetch in flight may finish)`,
        'zh-cn': `close() 返回后 ${fetchTakes}ms 内，订阅启动的每个 goroutine 都已结束（正在进行的抓取可以做完）`,
      },
      limit !== undefined && late.length === 0,
      limit === undefined
        ? {
            en: 'close() never returned',
            'zh-cn': 'close() 一直没有返回',
          }
        : {
            en: `${late.map((l) => l.en).join('; ')} — the loop returns when close() asks, and a fetch that ends after it must not block sending its result`,
            'zh-cn': `${late.map((l) => l['zh-cn']).join('；')}——close() 一请求循环就返回；在它之后结束的抓取，发送结果时不能阻塞`,
          },
    );

    t.noLeaks(run);
  });
});
