/**
 * gort/context: cancellation trees over AbortSignal, deadlines on the runtime clock, values, and
 * Go's error texts; `done()` works in select.
 */
import { recv, select } from 'gort';
import {
  Canceled,
  DeadlineExceeded,
  background,
  cause,
  todo,
  withCancel,
  withCancelCause,
  withDeadline,
  withTimeout,
  withValue,
} from 'gort/context';
import { Second, after, formatDuration, now, since, sleep } from 'gort/time';
import { runProgram } from 'gort/testing';
import { describe, expect, it } from 'vitest';
import { output } from './output.ts';

describe('context', () => {
  it('background and todo are never canceled and carry nothing', async () => {
    const out = await output(async () => {
      for (const ctx of [background(), todo()]) {
        const r = await select({ done: recv(ctx.done()), default: true });
        console.log(r.case, ctx.err(), ctx.value('k'), ctx.deadline()[1], ctx.signal.aborted);
      }
    });
    expect(out).toBe('default null undefined false false\n'.repeat(2));
  });

  it('cancel closes done, sets err to Canceled, aborts the signal and cancels children', async () => {
    const out = await output(async () => {
      const [parent, cancel] = withCancel(background());
      const [child] = withCancel(withValue(parent, 'user', 'ada'));
      cancel();
      cancel(); // idempotent
      await child.done().recv();
      console.log(
        parent.err()?.message,
        child.err() === Canceled,
        child.signal.aborted,
        child.signal.reason === Canceled,
      );
      console.log(child.value('user'));
    });
    expect(out).toBe('context canceled true true true\nada\n');
  });

  it('a child of a canceled parent starts canceled', async () => {
    const out = await output(() => {
      const [parent, cancel] = withCancel(background());
      cancel();
      const [child] = withTimeout(parent, Second);
      console.log(child.err()?.message);
    });
    expect(out).toBe('context canceled\n');
  });

  it('withTimeout cancels with DeadlineExceeded at the deadline, usable in select', async () => {
    const out = await output(async () => {
      const start = now();
      const [ctx, cancel] = withTimeout(background(), 2 * Second);
      const r = await select({ work: recv(after(5 * Second)), done: recv(ctx.done()) });
      console.log(r.case, ctx.err() === DeadlineExceeded, ctx.err()?.message, formatDuration(since(start)));
      const [deadline, ok] = ctx.deadline();
      console.log(ok, deadline?.toISOString());
      cancel();
      console.log(ctx.err() === DeadlineExceeded);
    });
    expect(out).toBe('done true context deadline exceeded 2s\ntrue 2009-11-10T23:00:02.000Z\ntrue\n');
  });

  it('withDeadline keeps the parent’s earlier deadline and fires at once when already past', async () => {
    const out = await output(async () => {
      const [parent] = withTimeout(background(), Second);
      const [child] = withDeadline(parent, now().add(10 * Second));
      console.log(formatDuration(child.deadline()[0]!.sub(now())));
      const [past] = withDeadline(background(), now().add(-1));
      console.log(past.err()?.message);
      await child.done().recv();
      console.log(child.err()?.message);
    });
    expect(out).toBe('1s\ncontext deadline exceeded\ncontext deadline exceeded\n');
  });

  it('cancel stops the deadline timer, so a finished program does not wait for it', async () => {
    const r = await runProgram(async () => {
      const [, cancel] = withTimeout(background(), 3600 * Second);
      cancel();
      await sleep(1);
    });
    expect(r.exitCode).toBe(0);
  });

  it('withCancelCause records the cause; cause() falls back to err()', async () => {
    const out = await output(() => {
      const [ctx, cancel] = withCancelCause(background());
      cancel(new Error('upstream timed out'));
      const [plain, cancelPlain] = withCancel(background());
      cancelPlain();
      console.log(ctx.err()?.message, '/', cause(ctx)?.message, '/', cause(plain)?.message);
    });
    expect(out).toBe('context canceled / upstream timed out / context canceled\n');
  });

  it('values are looked up through the chain, nearest first', async () => {
    const out = await output(() => {
      const key = Symbol('request-id');
      const ctx = withValue(withValue(background(), key, 'outer'), key, 'inner');
      const [child] = withCancel(ctx);
      console.log(child.value(key), child.value('missing'));
    });
    expect(out).toBe('inner undefined\n');
  });
});
