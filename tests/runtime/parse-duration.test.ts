/**
 * gort/time's parseDuration against the cases of Go's TestParseDuration and TestParseDurationErrors
 * (src/time/time_test.go) that a Duration of float milliseconds can hold: values, and Go's error
 * texts. Values past 2^53 nanoseconds are out of reach (Go's are int64 nanoseconds), so the int64
 * edge cases are left out; an overflow past int64 still fails as Go's does.
 */
import {
  Hour,
  Microsecond,
  Millisecond,
  Minute,
  Nanosecond,
  Second,
  formatDuration,
  parseDuration,
} from 'gort/time';
import { describe, expect, it } from 'vitest';

const cases: Array<[string, number]> = [
  ['0', 0],
  ['5s', 5 * Second],
  ['1478s', 1478 * Second],
  ['-5s', -5 * Second],
  ['+5s', 5 * Second],
  ['-0', 0],
  ['5.6s', 5 * Second + 600 * Millisecond],
  ['5.s', 5 * Second],
  ['.5s', 500 * Millisecond],
  ['1.004s', 1 * Second + 4 * Millisecond],
  ['100.00100s', 100 * Second + 1 * Millisecond],
  ['10ns', 10 * Nanosecond],
  ['11us', 11 * Microsecond],
  ['12µs', 12 * Microsecond],
  ['12μs', 12 * Microsecond],
  ['13ms', 13 * Millisecond],
  ['15m', 15 * Minute],
  ['16h', 16 * Hour],
  ['3h30m', 3 * Hour + 30 * Minute],
  ['10.5s4m', 4 * Minute + 10 * Second + 500 * Millisecond],
  ['-2m3.4s', -(2 * Minute + 3 * Second + 400 * Millisecond)],
  ['39h9m14.425s', 39 * Hour + 9 * Minute + 14 * Second + 425 * Millisecond],
  ['0.3333333333333333333h', 20 * Minute],
  ['1m10.2s', 70_200],
];

describe('parseDuration (Go’s time.ParseDuration)', () => {
  it.each(cases)('reads %s', (text, want) => {
    expect(parseDuration(text)).toBeCloseTo(want, 9);
  });

  it('reads back what formatDuration prints', () => {
    for (const d of [0, 0.25, 11, 201, 7401, 70_200, 3 * Hour + 1.5])
      expect(parseDuration(formatDuration(d))).toBe(d);
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['-', 'time: invalid duration "-"'],
    ['s', 'time: invalid duration "s"'],
    ['.', 'time: invalid duration "."'],
    ['.s', 'time: invalid duration ".s"'],
    ['3', 'time: missing unit in duration "3"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['3000000h', 'time: invalid duration "3000000h"'],
  ])('fails on %j with Go’s text', (text, message) => {
    expect(() => parseDuration(text)).toThrow(message);
  });
});
