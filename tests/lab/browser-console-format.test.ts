/**
 * The sandbox console's formatter against Node's own util.format/util.inspect: for the values lab
 * programs print, the worker fallback must print what `node` prints.
 */
import { format, inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createConsoleFormatter } from '../../src/lab/runners/worker-sandbox/console-format.ts';

const formatter = createConsoleFormatter();

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}
class Empty {}

function circular() {
  const node: { name: string; self?: unknown; list: unknown[] } = { name: 'a', list: [] };
  node.self = node;
  node.list.push(node);
  return node;
}

const values: Array<[string, unknown]> = [
  ['a string', 'it\'s "quoted"'],
  ['numbers', [0, -0, 1.5, NaN, -Infinity]],
  ['a bigint and a symbol', [10n, Symbol('s')]],
  ['null, undefined, booleans', [null, undefined, true, false]],
  ['a flat object', { id: 2, name: 'Grace', 'needs-quotes': 1 }],
  ['a nested object beyond depth 2', { a: { b: { c: { d: 1 } } } }],
  [
    'a long object that breaks over lines',
    { alpha: 'aaaaaaaaaaaa', beta: 'bbbbbbbbbbbb', gamma: 'cccccccccccc', delta: 'dddd' },
  ],
  ['an empty object and array', [{}, []]],
  ['a short array', [1, 2, 3]],
  ['a long array of numbers, grouped in columns', Array.from({ length: 26 }, (_, i) => i * 7)],
  ['a long array of strings', Array.from({ length: 12 }, (_, i) => `item-${i}`)],
  ['an array over 100 items', Array.from({ length: 120 }, (_, i) => i)],
  ['a sparse array', [1, , , 4]], // eslint-disable-line no-sparse-arrays
  [
    'a Map and a Set',
    [
      new Map<unknown, unknown>([
        ['k', { v: 1 }],
        [2, 'two'],
      ]),
      new Set([1, 'a']),
    ],
  ],
  ['class instances', [new Point(1, 2), new Empty()]],
  ['a null-prototype object', Object.assign(Object.create(null) as object, { a: 1 })],
  ['functions and classes', [function named() {}, () => 1, Point, async function run() {}]],
  ['a date and a regex', [new Date(0), /a+b/gi]],
  ['a circular object', circular()],
  ['a typed array', new Uint8Array([1, 2, 3])],
  [
    'nested arrays of objects',
    [
      { id: 1, tags: ['x'] },
      { id: 2, tags: [] },
    ],
  ],
  ['a getter', Object.defineProperty({}, 'g', { get: () => 1, enumerable: true })],
];

describe('the sandbox console formatter', () => {
  it.each(values)('inspects %s as Node does', (_name, value) => {
    expect(formatter.inspect(value)).toBe(inspect(value));
  });

  it.each([
    [['%s has %d items (%i%%)', 'cart', 3.5, 42.9]],
    [['%s', { a: [1, { b: 2 }] }]],
    [['%j', { a: 1 }]],
    [['%o and %O', [1], { deep: { er: { est: {} } } }]],
    [['%o', { visible: 1, nested: { list: ['a'] } }]],
    [['no placeholders', 1, 'two', { three: 3 }]],
    [['%s too few placeholders %s', 'one']],
    [['%c styled', 'color: red']],
    [[1, 'after a number']],
    [[new Error('boom').message]],
  ])('formats %j as util.format does', (args) => {
    expect(formatter.format(args)).toBe(format(...args));
  });

  it('prints an error with its stack, as console.log does', () => {
    const error = new TypeError('bad input');
    expect(formatter.format([error])).toBe(format(error));
  });
});
