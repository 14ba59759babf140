/**
 * Fault injection's two phases, on a manual clock and scripted draws: a request-phase fault strikes
 * before the upstream sees the request (nothing done), a response-phase fault after it handled the
 * request (done, and the caller cannot tell) — the difference the data-consistency lesson is about.
 * Also what used to be the only phase still behaves as it did: the draws and their order.
 */
import { describe, expect, it } from 'vitest';
import { InjectedFaultError, MeshRequest, json, manualClock, type Handler } from 'gomesh';
import { faultInjection, timeout } from 'gomesh/sidecar';

const flush = () => new Promise((r) => setTimeout(r, 0));

/** An upstream that counts the requests it handled. */
function counter(): { handled: () => number; handler: Handler } {
  let n = 0;
  return { handled: () => n, handler: () => json(201, { n: ++n }) };
}

/** Draws the listed numbers in order, and fails the test if more are drawn. */
function scripted(...draws: number[]): () => number {
  return () => {
    const next = draws.shift();
    if (next === undefined) throw new Error('drew more random numbers than scripted');
    return next;
  };
}

describe('fault injection, request phase (the default)', () => {
  it('aborts before the upstream sees the request: nothing was done', async () => {
    const up = counter();
    const h = faultInjection({
      abort: { percent: 50, status: 503 },
      service: 'payments',
      random: scripted(0.1),
    })(up.handler);
    const e = await Promise.resolve(h(new MeshRequest({ method: 'POST' }))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InjectedFaultError);
    expect((e as InjectedFaultError).phase).toBe('request');
    expect((e as InjectedFaultError).message).toBe('fault injected: "payments" aborted with 503');
    expect(up.handled()).toBe(0);
  });

  it('never delivers a delayed request whose caller gave up during the delay', async () => {
    const clock = manualClock();
    const up = counter();
    const h = timeout({ timeoutMs: 100, clock })(
      faultInjection({ delay: { percent: 100, ms: 500 }, clock, random: scripted(0) })(up.handler),
    );
    const p = Promise.resolve(h(new MeshRequest({ method: 'POST' })));
    const settled = expect(p).rejects.toThrow('deadline exceeded');
    clock.advance(100);
    await settled;
    clock.advance(1000);
    await flush();
    expect(up.handled()).toBe(0);
  });
});

describe('fault injection, response phase', () => {
  it('lets the upstream do the work, then loses its answer', async () => {
    const up = counter();
    const h = faultInjection({
      phase: 'response',
      abort: { percent: 50, status: 503 },
      service: 'payments',
      random: scripted(0.1, 0.9),
    })(up.handler);
    const e = await Promise.resolve(h(new MeshRequest({ method: 'POST' }))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InjectedFaultError);
    expect((e as InjectedFaultError).phase).toBe('response');
    expect((e as InjectedFaultError).message).toBe(
      'fault injected: "payments" answered, and its answer was lost',
    );
    expect(up.handled()).toBe(1);
    // The retry gets through: the upstream has now done the work twice.
    const res = await h(new MeshRequest({ method: 'POST' }));
    expect(res.status).toBe(201);
    expect(up.handled()).toBe(2);
  });

  it('delays the answer after the work: a caller whose deadline passes gets an error for work done', async () => {
    const clock = manualClock();
    const up = counter();
    const h = timeout({ timeoutMs: 100, clock })(
      faultInjection({ phase: 'response', delay: { percent: 100, ms: 500 }, clock, random: scripted(0) })(
        up.handler,
      ),
    );
    const p = Promise.resolve(h(new MeshRequest({ method: 'POST' })));
    const settled = expect(p).rejects.toThrow('deadline exceeded');
    await flush();
    expect(up.handled()).toBe(1);
    clock.advance(100);
    await settled;
  });

  it('answers after the delay when nobody gives up', async () => {
    const clock = manualClock();
    const h = faultInjection({
      phase: 'response',
      delay: { percent: 100, ms: 500 },
      clock,
      random: scripted(0),
    })(counter().handler);
    let status = 0;
    void Promise.resolve(h(new MeshRequest())).then((r) => (status = r.status));
    await flush();
    clock.advance(499);
    await flush();
    expect(status).toBe(0);
    clock.advance(1);
    await flush();
    expect(status).toBe(201);
  });

  it('draws delay then abort before the request goes on, and nothing at 0%', async () => {
    const draws: number[] = [];
    const random = () => {
      draws.push(draws.length);
      return 0.99;
    };
    const both = faultInjection({
      phase: 'response',
      delay: { percent: 10, ms: 5 },
      abort: { percent: 10, status: 503 },
      random,
    })(() => {
      expect(draws).toHaveLength(2); // both decided before the upstream runs
      return json(200, {});
    });
    await both(new MeshRequest());
    expect(draws).toEqual([0, 1]);
    const none = faultInjection({ phase: 'response', random: scripted() })(() => json(200, {}));
    expect((await none(new MeshRequest())).status).toBe(200);
  });

  it('rejects a phase it does not know, naming the option', () => {
    expect(() => faultInjection({ phase: 'later' as 'request' })).toThrow(
      'Expected `phase` to be "request" or "response", got later',
    );
  });
});
