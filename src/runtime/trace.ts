/**
 * The trace events the runtime emits to a subscriber (`configure({ trace })`).
 *
 * Invariants: every event has `t` (the runtime clock in milliseconds: virtual time on the virtual
 * clock) and `g` (the goroutine that did it; 0 = the runtime itself or code outside any goroutine).
 * Events are built only when a subscriber is attached, so tracing costs nothing otherwise. With
 * `callSites` on, `go.park` and the channel and select events carry `at`, the learner's line of the
 * operation (a parked goroutine's is where it parked; a channel's make is where it was made, which
 * names it); off, or with `traceSites: false`, nothing is captured for them.
 */
import type { SourceLocation } from './options.ts';
import type { WaitReason } from './wait-reason.ts';

interface Base {
  /** Clock time in milliseconds (virtual time on the virtual clock). */
  readonly t: number;
  /** The goroutine the event is about (0: the runtime or code outside any goroutine). */
  readonly g: number;
}

/**
 * `go f()` created goroutine `g`, from goroutine `parent` (0 if created outside any goroutine).
 *
 * Go: runtime/trace's `GoCreate` and `GoStart` events.
 */
export interface GoStartEvent extends Base {
  readonly type: 'go.start';
  readonly parent: number;
  /** Go-style function name, e.g. `main.worker` or `main.main.func1`. */
  readonly fn: string;
}
/**
 * Goroutine `g` blocked on a runtime primitive.
 *
 * Go: runtime/trace's `GoBlock*` events (with the wait reason).
 */
export interface GoParkEvent extends Base {
  readonly type: 'go.park';
  readonly reason: WaitReason;
  /** Where in the learner's source it parked (only with `callSites` on and a learner frame found). */
  readonly at?: SourceLocation;
}
/**
 * Goroutine `g` was made runnable again (something it waited for happened).
 *
 * Go: runtime/trace's `GoUnblock` event.
 */
export interface GoUnparkEvent extends Base {
  readonly type: 'go.unpark';
}
/**
 * Goroutine `g` returned.
 *
 * Go: runtime/trace's `GoEnd` event.
 */
export interface GoExitEvent extends Base {
  readonly type: 'go.exit';
}
/**
 * A panic escaped goroutine `g` (or, with `fatal`, Go's `fatal error:` ended the program there): the
 * program ends with status 2. `value` is the text after `panic: ` / `fatal error: `.
 */
export interface GoPanicEvent extends Base {
  readonly type: 'go.panic';
  readonly value: string;
  readonly fatal?: true;
  readonly at?: SourceLocation;
}
/**
 * `make(chan T, cap)` created channel `ch`.
 *
 * Go: no trace event (`make(chan T, n)` is not traced by runtime/trace); gort traces it for the Timeline.
 */
export interface ChanMakeEvent extends Base {
  readonly type: 'chan.make';
  readonly ch: number;
  readonly cap: number;
  readonly at?: SourceLocation;
}
/**
 * A send on channel `ch` completed (the value is buffered or handed to a receiver).
 *
 * Go: no runtime/trace event of its own (a blocked send shows as `GoBlockSend`).
 */
export interface ChanSendEvent extends Base {
  readonly type: 'chan.send';
  readonly ch: number;
  /** The value sent (a reference, never copied: a subscriber formats it if it keeps it). */
  readonly value?: unknown;
  readonly at?: SourceLocation;
}
/**
 * A receive on channel `ch` completed; `ok` is false for a closed, drained channel.
 *
 * Go: no runtime/trace event of its own (a blocked receive shows as `GoBlockRecv`).
 */
export interface ChanRecvEvent extends Base {
  readonly type: 'chan.recv';
  readonly ch: number;
  readonly ok: boolean;
  /** The value received (the zero value when `ok` is false). */
  readonly value?: unknown;
  readonly at?: SourceLocation;
}
/**
 * Channel `ch` was closed.
 *
 * Go: no runtime/trace event (`close(ch)`); gort traces it for the Timeline.
 */
export interface ChanCloseEvent extends Base {
  readonly type: 'chan.close';
  readonly ch: number;
  readonly at?: SourceLocation;
}
/**
 * A select chose `case`: its name (`'default'` for the default case); for reflect.select, the chosen
 * index as a decimal string.
 *
 * Go: runtime/trace's `GoBlockSelect` when it blocks; gort traces the chosen case too.
 */
export interface SelectEvent extends Base {
  readonly type: 'select';
  readonly case: string;
  readonly at?: SourceLocation;
}
/**
 * A runtime timer was set to fire at clock time `when`.
 *
 * Go: no runtime/trace event (a timer started by `time.NewTimer` or `time.Sleep`).
 */
export interface TimerSetEvent extends Base {
  readonly type: 'timer.set';
  readonly timer: number;
  readonly when: number;
}
/**
 * Runtime timer `timer` fired.
 *
 * Go: no runtime/trace event (a timer firing).
 */
export interface TimerFireEvent extends Base {
  readonly type: 'timer.fire';
  readonly timer: number;
}
/**
 * Goroutine `g` went to sleep for `d` milliseconds.
 *
 * Go: runtime/trace's `GoSleep` event (`time.Sleep`).
 */
export interface SleepEvent extends Base {
  readonly type: 'sleep';
  readonly d: number;
}

/**
 * Everything the runtime traces, discriminated by `type`.
 *
 * Go: the events of `runtime/trace` (`go tool trace`), a subset plus channel operations.
 */
export type TraceEvent =
  | GoStartEvent
  | GoParkEvent
  | GoUnparkEvent
  | GoExitEvent
  | GoPanicEvent
  | ChanMakeEvent
  | ChanSendEvent
  | ChanRecvEvent
  | ChanCloseEvent
  | SelectEvent
  | TimerSetEvent
  | TimerFireEvent
  | SleepEvent;

/**
 * The events that can carry the learner's location of the operation.
 *
 * Go: no counterpart (source positions of channel operations, for the lab's Timeline).
 */
export type LocatedEvent = ChanMakeEvent | ChanSendEvent | ChanRecvEvent | ChanCloseEvent | SelectEvent;

/**
 * A trace subscriber.
 *
 * Go: `trace.Start(w)`'s writer; here a callback per event.
 */
export type TraceSink = (e: TraceEvent) => void;
