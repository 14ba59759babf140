/**
 * What every runner shares (src/lab/runner.ts): the output cap that cuts a flood at the same place
 * in each runner (the caller words the notice), and the exact message for a bad numeric option.
 */
import { describe, expect, it } from 'vitest';
import { checkNonNegative, createOutputCap } from '../../src/lab/runner.ts';

function capped(limit: number) {
  const seen: Array<[string, 'stdout' | 'stderr']> = [];
  let limits = 0;
  const cap = createOutputCap(
    limit,
    (chunk, stream) => seen.push([chunk, stream]),
    () => limits++,
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
