/**
 * gort/sync/atomic: Go's atomic types. JavaScript runs one goroutine at a time, so these are plain
 * reads and writes; they keep Go's API (and wrap-around for Int32/Uint64) so lessons read like Go.
 * Int64 holds a number (exact to 2^53); Uint64 holds a bigint (exact 64-bit).
 *
 * @module gort/sync/atomic
 */
export { Bool } from './bool.ts';
export { Int32 } from './int32.ts';
export { Int64 } from './int64.ts';
export { Uint64 } from './uint64.ts';
export { Pointer, Value } from './value.ts';
