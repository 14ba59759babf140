/**
 * gort/context: Go's context package. `ctx.done()` is a channel usable in select
 * (`recv(ctx.done())`), `ctx.err()` is `null`, `Canceled` or `DeadlineExceeded` with Go's texts,
 * and `ctx.signal` is an AbortSignal for APIs such as fetch.
 *
 * @module gort/context
 */
export {
  background,
  Canceled,
  cause,
  DeadlineExceeded,
  todo,
  withCancel,
  withCancelCause,
  withDeadline,
  withTimeout,
  withValue,
  type CancelCauseFunc,
  type CancelFunc,
  type Context,
} from './context.ts';
