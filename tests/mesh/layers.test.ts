/**
 * The sidecar's layers in isolation, on a manual clock and scripted or seeded random sources:
 * timeout, retry (idempotency, backoff, tried hosts, per-try timeout, budget), deadlines counted
 * against the instance they cut off, outlier ejection, circuit breaker, token bucket, fault
 * injection and authorization's path patterns.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CircuitOpenError,
  DeadlineExceededError,
  InjectedFaultError,
  MeshRequest,
  MeshResponse,
  RateLimitedError,
  compose,
  json,
  manualClock,
  memoryTransport,
  serve,
  text,
  type Handler,
  type ManualClock,
  type ServerHandle,
} from 'gomesh';
import {
  CircuitBreaker,
  OutlierDetector,
  RetryBudget,
  TokenBucket,
  backoffMs,
  cluster,
  faultInjection,
  rateLimit,
  retry,
  timeout,
  DEADLINE_HEADER,
  authz,
  createMesh,
} from 'gomesh/sidecar';
import { scaffoldRandom } from './helpers.ts';

const ok = (endpoint = 'a:1') => Object.assign(json(200, {}), { meta: { endpoint } });
const fail = (endpoint = 'a:1', status = 503) => new MeshResponse(status, null, {}, { endpoint });
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('timeout', () => {
  it('answers DeadlineExceededError at the deadline even if the handler never answers', async () => {
    const clock = manualClock();
    const h = timeout({ timeoutMs: 100, clock, service: 'users' })(() => new Promise<MeshResponse>(() => {}));
    const p = h(new MeshRequest());
    const settled = expect(p).rejects.toThrow(DeadlineExceededError);
    clock.advance(99);
    await flush();
    clock.advance(1);
    await settled;
    await expect(p).rejects.toThrow('deadline exceeded calling "users" (timeout 100 ms)');
  });

  it('aborts the signal below it and takes the earlier of its own and the propagated deadline', async () => {
    const clock = manualClock(1000);
    let seen: MeshRequest | undefined;
    const h = timeout({ timeoutMs: 500, clock })((req) => {
      seen = req;
      return ok();
    });
    await h(new MeshRequest({ headers: { [DEADLINE_HEADER]: '120' } }));
    expect(seen?.meta.deadline).toBe(1120);
    expect(seen?.signal?.aborted).toBe(false);
  });

  it('fails at once when the propagated deadline has already passed', async () => {
    const h = timeout({ timeoutMs: 500, clock: manualClock() })(() => ok());
    await expect(h(new MeshRequest({ headers: { [DEADLINE_HEADER]: '0' } }))).rejects.toThrow(
      DeadlineExceededError,
    );
  });
});

describe('retry', () => {
  const noWait = { baseMs: 0, random: () => 0 };

  it('retries idempotent requests on 5xx, avoiding the hosts already tried', async () => {
    const avoided: string[][] = [];
    const answers = [fail('a:1'), fail('b:1'), ok('c:1')];
    const h = retry({ maxRetries: 2, ...noWait })((req) => {
      avoided.push([...(req.meta.avoid ?? [])]);
      return answers.shift() as MeshResponse;
    });
    const res = await h(new MeshRequest({ method: 'GET' }));
    expect(res.status).toBe(200);
    expect(avoided).toEqual([[], ['a:1'], ['a:1', 'b:1']]);
  });

  it('never retries a POST', async () => {
    let calls = 0;
    const h = retry(noWait)(() => (calls++, fail()));
    expect((await h(new MeshRequest({ method: 'POST' }))).status).toBe(503);
    expect(calls).toBe(1);
  });

  it('does not retry 4xx answers', async () => {
    let calls = 0;
    const h = retry(noWait)(() => (calls++, fail('a:1', 404)));
    await h(new MeshRequest());
    expect(calls).toBe(1);
  });

  it('retries connection failures and gives up after maxRetries with the last answer', async () => {
    let calls = 0;
    const h = retry({ maxRetries: 3, ...noWait })(() => {
      calls++;
      return new MeshResponse(503, null, {}, { endpoint: `h${calls}:1` });
    });
    const res = await h(new MeshRequest());
    expect(calls).toBe(4);
    expect(res.meta.endpoint).toBe('h4:1');
  });

  it.each([
    { attempt: 1, draw: 1, max: 25 },
    { attempt: 2, draw: 1, max: 50 },
    { attempt: 4, draw: 1, max: 200 },
    { attempt: 5, draw: 1, max: 250 },
    { attempt: 9, draw: 0.5, max: 125 },
  ])(
    'waits a full-jitter backoff of at most $max ms before retry $attempt (draw $draw)',
    ({ attempt, draw, max }) => {
      expect(backoffMs(attempt, 25, 250, () => draw)).toBe(max);
    },
  );

  it('waits the backoff on the clock before retrying', async () => {
    const clock = manualClock();
    let calls = 0;
    const h = retry({ clock, random: () => 1, baseMs: 25 })(() => (++calls === 1 ? fail() : ok()));
    const p = h(new MeshRequest());
    await flush();
    expect(calls).toBe(1);
    clock.advance(24);
    await flush();
    expect(calls).toBe(1);
    clock.advance(1);
    expect((await p).status).toBe(200);
    expect(calls).toBe(2);
  });
});

describe('deadlines cut a try off: the cluster answers it as a 504 of its instance', () => {
  // A real in-memory network: the cluster's transport aborts a try when its signal does.
  let transport: ReturnType<typeof memoryTransport>;
  let hung: ServerHandle;
  let fine: ServerHandle;
  const hungId = () => hung.url.slice('http://'.length);
  beforeEach(async () => {
    transport = memoryTransport();
    hung = await serve('hung', () => new Promise<MeshResponse>(() => {}), { transport });
    fine = await serve('fine', () => text(200, 'ok'), { transport });
  });
  afterEach(async () => {
    await Promise.all([hung.close(), fine.close()]);
  });
  const upstream = (clock: ManualClock) =>
    cluster({ service: 'users', endpoints: [hung.url, fine.url], transport, clock });

  it('retries a try cut off by perTryTimeoutMs on another instance (it used to wait out the whole call)', async () => {
    const clock = manualClock();
    const seen: MeshResponse[] = [];
    const h = compose(retry({ clock, perTryTimeoutMs: 100, random: () => 0 }), (next) => async (req) => {
      const res = await next(req);
      seen.push(res);
      return res;
    })(upstream(clock));
    const call = Promise.resolve(h(new MeshRequest()));
    await flush();
    clock.advance(99);
    await flush();
    expect(seen).toEqual([]);
    clock.advance(1);
    expect((await call).status).toBe(200);
    expect(seen.map((r) => [r.status, r.meta.endpoint])).toEqual([
      [504, hungId()],
      [200, fine.url.slice('http://'.length)],
    ]);
    expect(await seen[0]?.json()).toEqual({
      error: `deadline exceeded calling "users" instance ${hungId()} (timeout 100 ms)`,
      code: 'DEADLINE_EXCEEDED',
    });
  });

  it('counts a try cut off by the call deadline against its instance, so a hung one is ejected (it used to count nothing)', async () => {
    const clock = manualClock();
    const det = new OutlierDetector({ clock, hostCount: () => 2 });
    const h = compose(timeout({ timeoutMs: 200, clock }), det.layer)(upstream(clock));
    for (let i = 0; i < 10 && det.ejected().size === 0; i++) {
      const call = Promise.resolve(h(new MeshRequest()));
      const settled = call.then(
        (r) => r.status,
        (e: unknown) => (e as DeadlineExceededError).code,
      );
      await flush();
      clock.advance(200);
      await flush();
      expect(await settled).toBe(i % 2 === 0 ? 'DEADLINE_EXCEEDED' : 200);
    }
    expect([...det.ejected()]).toEqual([hungId()]);
  });

  it("rethrows the caller's own abort and counts it against no instance", async () => {
    const clock = manualClock();
    const det = new OutlierDetector({ clock, consecutive5xx: 1, hostCount: () => 2 });
    const h = det.layer(upstream(clock));
    const ctl = new AbortController();
    const call = Promise.resolve(h(new MeshRequest({ signal: ctl.signal })));
    await flush();
    ctl.abort(new Error('caller gave up'));
    await expect(call).rejects.toThrow('caller gave up');
    expect(det.ejected().size).toBe(0);
  });
});

describe('retry budget', () => {
  it("allows Linkerd's 10 retries a second over the 10 s window, plus 20% of the requests sent", () => {
    const clock = manualClock();
    const budget = new RetryBudget({ clock });
    const take = (n: number) => Array.from({ length: n }, () => budget.tryWithdraw()).filter(Boolean).length;
    expect(take(150)).toBe(100); // the reserve: 10/s x 10 s
    for (let i = 0; i < 50; i++) budget.deposit();
    expect(take(20)).toBe(10); // 20% of 50 requests
    expect(budget.available).toBe(0);
  });

  it('forgets requests and retries a ttl after they happened, one tenth of the window at a time', () => {
    const clock = manualClock();
    const budget = new RetryBudget({ clock, minRetriesPerSecond: 0, retryRatio: 0.5 });
    for (let i = 0; i < 10; i++) budget.deposit();
    clock.advance(5000);
    for (let i = 0; i < 10; i++) budget.deposit();
    expect(budget.available).toBe(10);
    expect(budget.tryWithdraw()).toBe(true); // taken at 5 s: counts until 15 s
    clock.advance(4999);
    expect(budget.available).toBe(9);
    clock.advance(1); // 10 s: the first 10 requests expire
    expect(budget.available).toBe(4);
    clock.advance(5000); // 15 s: the rest, and the retry drawn on them
    expect(budget.available).toBe(0);
  });

  it('does not charge a retry for the time it waits out its backoff (the old floor of 3 in flight did)', async () => {
    // 10 calls fail at once and each retry waits its whole backoff: a budget counting retries in
    // flight (Envoy's 20% / min 3) let 3 of them through; one over time lets all 10 through.
    const clock = manualClock();
    let tries = 0;
    const h = retry({ clock, random: () => 1, maxRetries: 1 })(() =>
      ++tries <= 10 ? fail(`h${tries}:1`) : ok(),
    );
    const calls = Array.from({ length: 10 }, () => Promise.resolve(h(new MeshRequest())));
    await flush();
    clock.advance(25);
    const statuses = await Promise.all(calls.map(async (c) => (await c).status));
    expect(statuses).toEqual(Array<number>(10).fill(200));
  });

  it('caps how many retries a burst of failing calls sends', async () => {
    const budget = new RetryBudget({ minRetriesPerSecond: 1, ttlMs: 1000, clock: manualClock() });
    let attempts = 0;
    const h = retry({ budget, maxRetries: 3, baseMs: 0, random: () => 0 })(() => fail(`h${++attempts}:1`));
    await Promise.all(Array.from({ length: 10 }, () => Promise.resolve(h(new MeshRequest()))));
    // Without a budget: 10 calls x 4 attempts = 40. With it: 1 from the reserve + 20% of 10 calls.
    expect(attempts).toBe(13);
  });

  it.each([
    [{ retryRatio: -0.1 }, 'Expected `retryRatio` to be a finite number between 0 and 1000, got -0.1'],
    [{ ttlMs: 500 }, 'Expected `ttlMs` to be a finite number between 1000 and 60000, got 500'],
    [{ minRetriesPerSecond: NaN }, 'Expected `minRetriesPerSecond` to be a finite number >= 0, got NaN'],
  ])('rejects %j with an exact message', (options, message) => {
    expect(() => new RetryBudget(options)).toThrow(message);
  });
});

describe('outlier ejection', () => {
  const hosts = ['a:1', 'b:1', 'c:1', 'd:1'];

  it('ejects after 5 consecutive failures, for longer at each ejection, and returns the host after', () => {
    const clock = manualClock();
    const det = new OutlierDetector({ clock, baseEjectionMs: 1000, hostCount: () => 4 });
    const failFive = () => {
      for (let i = 0; i < 5; i++) det.record('a:1', true);
    };
    for (let i = 0; i < 4; i++) det.record('a:1', true);
    det.record('a:1', false);
    failFive();
    expect([...det.ejected()]).toEqual(['a:1']);
    clock.advance(1000);
    expect(det.ejected().size).toBe(0);
    failFive();
    clock.advance(1999);
    expect(det.ejected().has('a:1')).toBe(true); // second ejection lasts 2 x base
    clock.advance(1);
    expect(det.ejected().has('a:1')).toBe(false);
  });

  it('never ejects more than half of the hosts', () => {
    const det = new OutlierDetector({ clock: manualClock(), hostCount: () => hosts.length });
    for (const h of hosts) for (let i = 0; i < 5; i++) det.record(h, true);
    expect(det.ejected().size).toBe(2);
  });

  it('keeps ejected hosts out of the balancer through meta.exclude', async () => {
    const det = new OutlierDetector({ clock: manualClock(), hostCount: () => 2 });
    for (let i = 0; i < 5; i++) det.record('a:1', true);
    let excluded: string[] = [];
    await det.layer((req) => ((excluded = [...(req.meta.exclude ?? [])]), ok('b:1')))(new MeshRequest());
    expect(excluded).toEqual(['a:1']);
  });

  it('adds ejected hosts to the ones a layer above already excluded, without changing that set', async () => {
    const det = new OutlierDetector({ clock: manualClock(), hostCount: () => 3 });
    for (let i = 0; i < 5; i++) det.record('a:1', true);
    const above = new Set(['c:1']);
    let excluded: string[] = [];
    await det.layer((req) => ((excluded = [...(req.meta.exclude ?? [])].sort()), ok('b:1')))(
      new MeshRequest({ meta: { exclude: above } }),
    );
    expect(excluded).toEqual(['a:1', 'c:1']);
    expect([...above]).toEqual(['c:1']);
    expect([...det.ejected()]).toEqual(['a:1']);
  });
});

describe('circuit breaker', () => {
  it('opens after the threshold, fails fast, probes once half-open and closes on success', async () => {
    const clock = manualClock();
    const cb = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1000, clock, service: 'users' });
    let calls = 0;
    let healthy = false;
    const h = cb.layer(() => (calls++, healthy ? ok() : fail()));
    for (let i = 0; i < 3; i++) await h(new MeshRequest());
    expect(cb.state).toBe('open');
    await expect(h(new MeshRequest())).rejects.toThrow(CircuitOpenError);
    await expect(h(new MeshRequest())).rejects.toThrow(/circuit open for "users"/);
    expect(calls).toBe(3);
    clock.advance(1000);
    expect(cb.state).toBe('half-open');
    const probe = await h(new MeshRequest());
    expect(probe.status).toBe(503);
    expect(cb.state).toBe('open'); // a failed probe opens it again
    clock.advance(1000);
    healthy = true;
    await h(new MeshRequest());
    expect(cb.state).toBe('closed');
  });

  it('lets only halfOpenMaxCalls probes through at once', async () => {
    const clock = manualClock();
    const cb = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 10, clock });
    let release!: () => void;
    const h = cb.layer((req) =>
      req.meta.attempt === 1 ? fail() : new Promise<MeshResponse>((r) => (release = () => r(ok()))),
    );
    await h(new MeshRequest({ meta: { attempt: 1 } }));
    clock.advance(10);
    const probe = h(new MeshRequest());
    await expect(h(new MeshRequest())).rejects.toThrow(CircuitOpenError);
    release();
    await probe;
    expect(cb.state).toBe('closed');
  });
});

describe('rate limit', () => {
  it('answers RateLimitedError (429) beyond burst and refills at the rate', async () => {
    const clock = manualClock();
    const h: Handler = rateLimit({ ratePerSec: 10, burst: 5, clock, service: 'users' })(() => ok());
    const statuses: (number | string)[] = [];
    const run = async () => {
      try {
        statuses.push((await h(new MeshRequest())).status);
      } catch (e) {
        statuses.push((e as RateLimitedError).status);
      }
    };
    for (let i = 0; i < 7; i++) await run();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    clock.advance(100); // one token at 10/s
    statuses.length = 0;
    await run();
    await run();
    expect(statuses).toEqual([200, 429]);
  });
});

describe('fault injection', () => {
  it('aborts close to the configured percentage for a fixed seed', async () => {
    const h = faultInjection({
      abort: { percent: 10, status: 503 },
      random: scaffoldRandom(2024),
      service: 'users',
    })(() => ok());
    let aborted = 0;
    const n = 5000;
    for (let i = 0; i < n; i++) {
      try {
        await h(new MeshRequest());
      } catch (e) {
        expect(e).toBeInstanceOf(InjectedFaultError);
        aborted++;
      }
    }
    // Binomial(5000, 0.1): standard deviation ~21; allow 4 sigma.
    expect(Math.abs(aborted - 500)).toBeLessThan(85);
  });

  it('delays the configured percentage by the configured time on the clock', async () => {
    const clock = manualClock();
    const h = faultInjection({ delay: { percent: 50, ms: 200 }, random: scaffoldRandom(9), clock })(() =>
      ok(),
    );
    let delayed = 0;
    const n = 800;
    for (let i = 0; i < n; i++) {
      let done = false;
      const p = Promise.resolve(h(new MeshRequest())).then(() => (done = true));
      await flush();
      if (!done) {
        delayed++;
        clock.advance(199);
        await flush();
        expect(done).toBe(false);
        clock.advance(1);
      }
      await p;
    }
    expect(Math.abs(delayed - 400)).toBeLessThan(60); // sd ~14
  });

  it('passes everything through and draws nothing at 0%', async () => {
    const h = faultInjection({
      abort: { percent: 0, status: 500 },
      random: () => {
        throw new Error('drew a random number');
      },
    })(() => ok());
    expect((await h(new MeshRequest())).status).toBe(200);
  });
});

describe('authorization path patterns', () => {
  it('matches `*`, `/prefix/*`, `*suffix` and exact paths, each by its own rule (compiled once, not per request)', async () => {
    const h = authz({
      service: 'users',
      mesh: createMesh(),
      policy: {
        deny: [
          { paths: ['/admin/*'] },
          { paths: ['*.php'] },
          { paths: ['/debug'] },
          { methods: ['DELETE'], paths: ['*'] },
        ],
      },
    })(() => json(200, {}));
    const call = (method: string, url: string) => Promise.resolve(h(new MeshRequest({ method, url })));
    await expect(call('GET', '/admin/users')).rejects.toThrow('(deny rule #1)');
    await expect(call('GET', '/admin')).resolves.toMatchObject({ status: 200 }); // the prefix keeps its slash
    await expect(call('GET', '/x/index.php')).rejects.toThrow('(deny rule #2)');
    await expect(call('GET', '/index.phps')).resolves.toMatchObject({ status: 200 });
    await expect(call('GET', '/debug')).rejects.toThrow('(deny rule #3)');
    await expect(call('GET', '/debug/x')).resolves.toMatchObject({ status: 200 });
    await expect(call('DELETE', '/anything?q=1')).rejects.toThrow('(deny rule #4)');
  });
});

describe('token bucket reservations', () => {
  it('reserve queues callers one token apart, in order, and take() never jumps ahead of them', () => {
    const clock = manualClock();
    const bucket = new TokenBucket({ ratePerSec: 10, burst: 2, clock });
    expect([1, 2, 3, 4].map(() => bucket.reserve().delayMs)).toEqual([0, 0, 100, 200]);
    clock.advance(150); // the third is due, the fourth is not: no token for take() yet
    expect(bucket.take()).toBe(false);
    expect(bucket.waitMs()).toBe(150);
    clock.advance(150);
    expect(bucket.take()).toBe(true);
  });

  it('gives the token back on cancel, once, so a caller turned away does not make the others wait', () => {
    const clock = manualClock();
    const bucket = new TokenBucket({ ratePerSec: 10, burst: 1, clock });
    expect(bucket.reserve().delayMs).toBe(0);
    const turnedAway = bucket.reserve();
    expect(turnedAway.delayMs).toBe(100);
    turnedAway.cancel();
    turnedAway.cancel();
    expect(bucket.reserve().delayMs).toBe(100);
    expect(bucket.reserve().delayMs).toBe(200);
  });
});
