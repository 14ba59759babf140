/**
 * What every runner shares (src/lab/runner.ts, output-budget.ts): the output cap that cuts a flood
 * at the same place in each runner (the caller words the notice) while the host's protocol lines
 * count against their own cap, and the exact message for a bad numeric option.
 */
import { describe, expect, it } from 'vitest';
import { createOutputBudget } from '../../src/lab/output-budget.ts';
import { encodeMessage, LAB_MARKER } from '../../src/lab/protocol.ts';
import { checkNonNegative, createOutputCap } from '../../src/lab/runner.ts';

function capped(limit: number, protocolLimit?: number) {
  const seen: Array<[string, 'stdout' | 'stderr']> = [];
  let limits = 0;
  const cap = createOutputCap(
    limit,
    (chunk, stream) => seen.push([chunk, stream]),
    () => limits++,
    protocolLimit,
  );
  return { cap, seen, limits: () => limits };
}

describe('createOutputCap', () => {
  it('passes output on unchanged while it stays under the cap', () => {
    const { cap, seen, limits } = capped(10);
    cap.write('abc', 'stdout');
    cap.write('de', 'stderr');
    expect(seen).toEqual([
      ['abc', 'stdout'],
      ['de', 'stderr'],
    ]);
    expect(limits()).toBe(0);
  });

  it('passes on the part that fits, reports the cap once, and passes nothing after it', () => {
    const { cap, seen, limits } = capped(1024);
    cap.write('x'.repeat(1000), 'stdout');
    cap.write('y'.repeat(100), 'stdout');
    cap.write('z', 'stderr');
    expect(seen).toEqual([
      ['x'.repeat(1000), 'stdout'],
      ['y'.repeat(24), 'stdout'],
    ]);
    expect(limits()).toBe(1);
  });

  it("ends the output once when told the cap was reached elsewhere (the sandbox worker's own cap)", () => {
    const { cap, seen, limits } = capped(3000);
    cap.reach();
    cap.reach();
    cap.write('late', 'stdout');
    expect(seen).toEqual([]);
    expect(limits()).toBe(1);
  });
});

describe('the protocol lines’ own cap', () => {
  // A trace line of 200,000 characters: a long run's Timeline, far more than the program's cap.
  const trace = encodeMessage({
    type: 'trace',
    rows: Array.from({ length: 20_000 }, (_, i) => ['u', i, 2] as const),
    total: 20_000,
  });

  it('passes a message line far longer than the output cap, and still cuts the program’s own text at its cap', () => {
    // Before the protocol cap, the trace line itself ended the run with output-limit.
    const { cap, seen, limits } = capped(100);
    cap.write('hello\n', 'stdout');
    cap.write(trace, 'stdout');
    cap.write('x'.repeat(93), 'stdout');
    expect(limits()).toBe(0);
    cap.write('yz', 'stdout');
    expect(limits()).toBe(1);
    expect(seen.map(([c]) => c).join('')).toBe(`hello\n${trace}${'x'.repeat(93)}y`);
  });

  it('ends the output when the messages reach their own cap', () => {
    const { cap, seen, limits } = capped(1000, 50_000);
    cap.write(trace, 'stdout');
    expect(limits()).toBe(1);
    expect(seen.map(([c]) => c).join('')).toBe(trace.slice(0, 50_000));
  });

  it('recognizes a message however the pipe splits it, and a marker’s beginning that is not one as text', () => {
    const line = `ab${encodeMessage({ type: 'listen', name: 'users', port: 1, url: 'http://127.0.0.1:1/' })}cd`;
    // The program's text is "ab" and "cd"; a marker split by the pipe may count its first part
    // (shorter than the marker) as text too. The message's own ~50 characters never count.
    const slack = LAB_MARKER.length - 1;
    for (let cut = 0; cut <= line.length; cut++) {
      for (const cut2 of [cut, Math.min(line.length, cut + 2)]) {
        const parts = [line.slice(0, cut), line.slice(cut, cut2), line.slice(cut2)];
        const roomy = createOutputBudget(4 + slack + 1, 1000); // reaching a cap ends the output
        const taken = parts.map((p) => roomy.take(p, 'stdout'));
        expect(
          taken.map((t) => t.fits).reduce((a, b) => a + b),
          `cut at ${cut}, ${cut2}`,
        ).toBe(line.length);
        expect(
          taken.some((t) => t.full),
          `cut at ${cut}, ${cut2}`,
        ).toBe(false);
        const tight = createOutputBudget(4, 1000);
        expect(
          parts.map((p) => tight.take(p, 'stdout')).some((t) => t.full),
          `cut at ${cut}, ${cut2}`,
        ).toBe(true);
      }
    }
    const notOne = createOutputBudget(5, 1000);
    expect(notOne.take(LAB_MARKER.slice(0, 3), 'stdout')).toEqual({ fits: 3, full: false });
    expect(notOne.take('xyz', 'stdout')).toEqual({ fits: 2, full: true });
  });

  it('counts stderr as the program’s text, marker or not', () => {
    const budget = createOutputBudget(10, 1_000_000);
    expect(budget.take(trace, 'stderr')).toEqual({ fits: 10, full: true });
  });
});

describe('checkNonNegative', () => {
  it('accepts missing options and finite numbers >= 0', () => {
    expect(() => checkNonNegative({ a: 0, b: 5 }, ['a', 'b', 'c'])).not.toThrow();
  });

  it.each([Number.NaN, -1, Number.POSITIVE_INFINITY])('rejects %s, naming the option', (value) => {
    expect(() => checkNonNegative({ timeoutMs: value }, ['timeoutMs'])).toThrow(
      `Expected \`timeoutMs\` to be a finite number >= 0, got ${String(value)}`,
    );
  });
});
