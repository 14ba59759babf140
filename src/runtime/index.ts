/**
 * gort: Go's goroutines, channels and select for TypeScript, with Go's semantics and Go's error
 * texts, a deadlock detector, a virtual clock and trace events. Subpackages mirror Go's:
 * `gort/sync`, `gort/sync/atomic`, `gort/time`, `gort/context`, `gort/errgroup`, `gort/reflect`
 * (reflect.Select), `gort/testing`.
 *
 * ```ts
 * import { main, go, chan } from 'gort';
 * main(async () => {
 *   const ch = chan<string>();
 *   go(async () => ch.send('ping'));
 *   console.log(await ch.recv());
 * });
 * ```
 *
 * @module gort
 */
export { cap, chan, close, len, nilChan, type Chan, type RecvChan, type SendChan } from './chan.ts';
export { FatalError, GoPanic, RuntimeError } from './errors.ts';
export { parseSchedule, scheduleToken, type Schedule, type ScheduleMode } from './explore.ts';
export {
  activeRuntime,
  configure,
  go,
  gosched,
  keepAlive,
  main,
  panic,
  type ConfigureOptions,
} from './program.ts';
export type { Hold, KeepAliveOptions } from './deadlock.ts';
export type { Problem, SourceLocation } from './options.ts';
export type {
  StuckGoroutine,
  StuckObject,
  StuckObjectKind,
  StuckReport,
  StuckWait,
  WaitOp,
} from './stuck.ts';
export {
  recv,
  select,
  send,
  type RecvCase,
  type SelectCases,
  type SelectResult,
  type SendCase,
} from './select.ts';
/** Trace events (see trace.ts). */
export type * from './trace.ts';
/** Go's wait reasons as printed in the deadlock dump. */
export type { WaitReason } from './wait-reason.ts';
