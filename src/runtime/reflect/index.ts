/**
 * gort/reflect: the part of Go's `reflect` package that concurrency code uses, `reflect.Select`
 * (a select over a list of cases built at run time), with its `SelectDefault` case.
 *
 * ```ts
 * import { recv } from 'gort';
 * import * as reflect from 'gort/reflect';
 * const [chosen, value, ok] = await reflect.select(chans.map((ch) => recv(ch)));
 * ```
 *
 * @module gort/reflect
 */
export { SelectDefault, select, type SelectCase, type SelectResult } from './select.ts';
