/**
 * Check for errgroup/fetch-all: fetch items 1 to 12 with at most 3 requests in flight, and stop at
 * the first failure (item 7 answers 500): start nothing after it, cancel what is in flight.
 *
 * Read from the trace, not from the output: `fetch` (which the learner must not change) logs every
 * request and how it ended on the `wire` channel — `GET /items/3`, then `200 /items/3`,
 * `500 /items/7` or `canceled /items/3`. Replaying those sends in trace order gives the number of
 * requests in flight at every moment, so the bound is the maximum of that count. The failure's
 * virtual time is exact, so "canceled at the same instant" is an equality on the virtual clock.
 *
 * Explored over many schedules (`t.explore`): fetches that finish and start in the same instant
 * may run in any order in Go, and a bound or a cancellation must hold in every one of them.
 */
import { defineCheck } from 'labcheck';

const items = 12;
const limit = 3;
const failing = 7;
const LINE = /^(GET|200|500|canceled) \/items\/(\d+)$/;
const errorLine = `first error: GET /items/${failing}: 500 Internal Server Error`;

interface Wire {
  readonly kind: string;
  readonly id: number;
  readonly t: number;
}

export default defineCheck(async (t) => {
  await t.explore((run) => {
    t.exitsCleanly(run);

    const wire: Wire[] = t
      .events(run, 'chan.send')
      .flatMap((e) => {
        const m =
          typeof e.value === 'string'
            ? LINE.exec(e.value)
            : null;
        return m === null
          ? []
          : [{ kind: m[1]!, id: Number(m[2]), t: e.t }];
      });

    // The most requests in flight at once, and the GET that reached it.
    let inFlight = 0;
    let peak = 0;
    let peakAt: Wire | undefined;
    for (const w of wire) {
      inFlight += w.kind === 'GET' ? 1 : -1;
      if (inFlight > peak) {
        peak = inFlight;
        peakAt = w;
      }
    }
    const gets = wire.filter(
      (w) => w.kind === 'GET',
    ).length;
    t.expect(
      {
        en: `at most ${limit} requests are in flight at any moment`,
        'zh-cn': `任何时刻同时在途的请求不超过 ${limit} 个`,
      },
      gets > 0 && peak <= limit,
      gets === 0
        ? {
            en: 'no request reached the server before main returned: call fetch for each item, and await each g.go — without the await the loop runs ahead, and g.wait() returns before any fetch has started',
            'zh-cn':
              'main 返回之前服务器没有收到任何请求：请为每一项调用 fetch，并且每次都 await g.go——少了 await，循环会抢先跑完，g.wait() 在任何抓取开始之前就返回了',
          }
        : {
            en: `${peak} requests were in flight at once when GET /items/${peakAt?.id ?? '?'} was sent: call g.setLimit(${limit}) before the first g.go, and await g.go so that the loop waits for a free slot`,
            'zh-cn': `发出 GET /items/${peakAt?.id ?? '?'} 时有 ${peak} 个请求同时在途：请在第一次 g.go 之前调用 g.setLimit(${limit})，并 await g.go，让循环等到有空位再继续`,
          },
    );
    t.expect(
      {
        en: `the ${limit} slots are used: ${limit} requests run at once while there is work`,
        'zh-cn': `${limit} 个空位都用上了：有活可干时，同时有 ${limit} 个请求在跑`,
      },
      peak >= limit,
      gets === 0
        ? {
            en: 'no request reached the server, so no slot was used',
            'zh-cn':
              '服务器没有收到任何请求，一个空位也没用上',
          }
        : {
            en: `at most ${peak} request(s) ran at once: the fetches wait for each other — start each one with g.go and wait only once, with g.wait() after the loop`,
            'zh-cn': `最多只有 ${peak} 个请求同时在跑：抓取在互相等待——每一项都用 g.go 启动，只在循环结束后用 g.wait() 等一次`,
          },
    );

    const failure = wire.find((w) => w.kind === '500');
    const after =
      failure === undefined
        ? []
        : wire.slice(wire.indexOf(failure) + 1);
    const lateGet = after.find((w) => w.kind === 'GET');
    t.expect(
      {
        en: `nothing new starts after item ${failing} fails`,
        'zh-cn': `第 ${failing} 项失败之后不再发出新的请求`,
      },
      failure !== undefined && lateGet === undefined,
      failure === undefined
        ? {
            en: `item ${failing} was never fetched, so its failure was not seen: fetch items 1 to ${items}`,
            'zh-cn': `第 ${failing} 项没有被抓取，也就看不到它的失败：请抓取第 1 到第 ${items} 项`,
          }
        : {
            en: `GET /items/${lateGet?.id ?? '?'} was sent after /items/${failing} failed: pass the group's ctx (from withContext) to fetch, and stop the loop once ctx.err() is set`,
            'zh-cn': `/items/${failing} 失败之后又发出了 GET /items/${lateGet?.id ?? '?'}：请把组的 ctx（来自 withContext）传给 fetch，并在 ctx.err() 不为空时停止循环`,
          },
    );

    const finished = after.find((w) => w.kind === '200');
    const late = after.find(
      (w) =>
        w.kind === 'canceled' &&
        failure !== undefined &&
        w.t !== failure.t,
    );
    const canceled = after.filter(
      (w) => w.kind === 'canceled',
    ).length;
    t.expect(
      {
        en: `the requests in flight when item ${failing} fails are canceled at that same instant`,
        'zh-cn': `第 ${failing} 项失败时仍在途的请求，在同一时刻被取消`,
      },
      failure !== undefined &&
        finished === undefined &&
        late === undefined &&
        canceled > 0,
      finished !== undefined
        ? {
            en: `/items/${finished.id} went on to answer 200 after /items/${failing} had failed: fetch with the ctx that withContext returned, which the group cancels at the first error`,
            'zh-cn': `/items/${failing} 失败之后，/items/${finished.id} 仍然跑完并返回了 200：请用 withContext 返回的 ctx 去抓取，组在出现第一个错误时会取消它`,
          }
        : late !== undefined
          ? {
              en: `/items/${late.id} was canceled ${late.t - (failure?.t ?? 0)} ms after /items/${failing} failed, not at once: the first error must cancel the group's ctx`,
              'zh-cn': `/items/${late.id} 在 /items/${failing} 失败 ${late.t - (failure?.t ?? 0)} 毫秒之后才被取消，而不是立刻：第一个错误必须取消组的 ctx`,
            }
          : {
              en: `no request was in flight to cancel when /items/${failing} failed: keep ${limit} requests running at once`,
              'zh-cn': `/items/${failing} 失败时没有在途的请求可取消：请保持 ${limit} 个请求同时在跑`,
            },
    );

    const ok = wire.filter((w) => w.kind === '200').length;
    const expected = [`items fetched: ${ok}`, errorLine];
    t.equal(
      {
        en: `it prints how many items were fetched, then ${JSON.stringify(errorLine)}`,
        'zh-cn': `先打印抓取成功的项数，再打印 ${JSON.stringify(errorLine)}`,
      },
      run.lines,
      expected,
    );

    t.noLeaks(run);
  });
});
