/**
 * Every Go program in the snippets module (src/snippets/, its own go.mod) and what
 * tests/lessons/go-programs.test.ts checks about it: the programs the lesson pages show (one
 * package per folder, `main.go`, next to its TypeScript twin `main.ts`) and the Go twins of the
 * labs' solutions (`labs/<lab id>/solution.go`).
 *
 * Every program that compiles is vetted and run; its output is compared with the file its page
 * shows (after taking out what Go varies, tests/go/normalize.ts) and, where it has a TypeScript
 * twin meant to print the same, with what the twin prints in the same test run.
 *
 * Files a check names are relative to the program's folder. `.out` is what the TypeScript twin
 * prints (an "Output (both)" block when the Go program prints the same); `.go.out` is a Go
 * transcript: the command as typed after `$ `, then what it printed.
 */
import type { GoClock } from '../go/run-go.ts';

/** A text rewrite of the program that turns it into a variant the page describes in words. */
export interface Rewrite {
  readonly from: string;
  readonly to: string;
}

export type GoCheck =
  /** `go run .` exits 0 and prints exactly `file`. */
  | { readonly kind: 'output'; readonly file: string }
  /** `go run [-race] .`: the transcript in `file`, with `exit status N` when it fails. */
  | { readonly kind: 'transcript'; readonly race: boolean; readonly file: string }
  /** `go build .` fails, printing the transcript in `file`. */
  | { readonly kind: 'build-error'; readonly file: string }
  /**
   * The program with `fixes` applied still does not compile, and the compiler says `quote`, which
   * both locales of the page quote word for word.
   */
  | { readonly kind: 'build-error-quoted'; readonly fixes: readonly Rewrite[]; readonly quote: string }
  /** The service (with `fixes` applied) answers the curl transcript in `file`. */
  | { readonly kind: 'curl'; readonly fixes: readonly Rewrite[]; readonly file: string };

/** How a TypeScript twin's behaviour is compared with the Go program's, in the same test run. */
export type TwinComparison =
  /** Both print the same (Go's `go run .` output, the twin's stdout; neither writes to stderr). */
  | 'output'
  /** gort prints Go's deadlock message and dump, without the source positions Go adds. */
  | 'deadlock'
  /** gort prints Go's panic message and the panicking goroutine's stack, as for a deadlock. */
  | 'panic'
  /** Both services answer the same requests with the same status, media type and JSON. */
  | 'http';

export interface GoProgram {
  /** The package folder under src/snippets/. */
  readonly dir: string;
  /** The program's file: `main.go` on a page, `solution.go` for a lab's twin. */
  readonly file: 'main.go' | 'solution.go';
  /** Which clock its sleeps run on (tests/go/run-go.ts): 'synctest' for a program that sleeps. */
  readonly clock: GoClock;
  /** Whether it compiles (the seed's buggy service does not, on purpose). */
  readonly compiles: boolean;
  readonly checks: readonly GoCheck[];
  /** The TypeScript program meant to do the same, relative to the repository root. */
  readonly twin?: { readonly file: string; readonly compare: TwinComparison };
  /**
   * Lines real Go may also print, because the program races on purpose and its page says so
   * ("usually"): a goroutine that sometimes runs before `main` returns. They are taken out of Go's
   * output before it is compared; everything else must match exactly.
   */
  readonly mayAlsoPrint?: readonly string[];
  /**
   * The program races on purpose (a lost update, a data race for `-race` to report). With
   * GOMAXPROCS=1 its output is still the same run after run, unless the scheduler preempts a
   * goroutine that has run for 10 ms — which happens on a loaded machine, and then a different
   * balance or a second race report is real Go output too. Such a run is repeated, up to three runs
   * in all, and the comparison uses the first that prints the recorded output; every other program
   * gets one run.
   */
  readonly racy?: true;
}

/** Bug 1 of the seed's service: `users` lives in getUsers; at package level every handler sees it. */
const usersAtPackageLevel: Rewrite = {
  from: `func getUsers(w http.ResponseWriter, r *http.Request) {
	users := []User{
		{ID: 1, Name: "Ada"},
		{ID: 2, Name: "Grace"},
	}
	fmt.Fprint(w, users)
}`,
  to: `var users = []User{
	{ID: 1, Name: "Ada"},
	{ID: 2, Name: "Grace"},
}

func getUsers(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, users)
}`,
};

/** Bug 2: the id is a string; parse it with strconv.Atoi (the rest of the seed stays as it is). */
const idParsed: Rewrite[] = [
  { from: '\t"net/http"\n', to: '\t"net/http"\n\t"strconv"\n' },
  { from: 'id := chi.URLParam(r, "id")', to: 'id, _ := strconv.Atoi(chi.URLParam(r, "id"))' },
];

export const goPrograms: readonly GoProgram[] = [
  {
    dir: 'goroutines/sleep-wait',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/goroutines/sleep-wait/main.ts', compare: 'output' },
  },
  {
    dir: 'goroutines/no-wait',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    // On a busy machine the goroutine sometimes gets another P before main returns.
    mayAlsoPrint: ['hello from a goroutine'],
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/goroutines/no-wait/main.ts', compare: 'output' },
  },
  {
    dir: 'goroutines/waitgroup',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/goroutines/waitgroup/main.ts', compare: 'output' },
  },
  {
    dir: 'goroutines/race',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    racy: true,
    checks: [
      { kind: 'output', file: 'main.out' },
      { kind: 'transcript', race: true, file: 'main.go.out' },
    ],
    twin: { file: 'src/snippets/goroutines/race/main.ts', compare: 'output' },
  },
  {
    dir: 'unbuffered-channels/send-waits',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/unbuffered-channels/send-waits/main.ts', compare: 'output' },
  },
  {
    dir: 'unbuffered-channels/ping-pong',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/unbuffered-channels/ping-pong/main.ts', compare: 'output' },
  },
  {
    dir: 'unbuffered-channels/deadlock',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'transcript', race: false, file: 'main.go.out' }],
    twin: { file: 'src/snippets/unbuffered-channels/deadlock/main.ts', compare: 'deadlock' },
  },
  {
    dir: 'buffered-channels/fifo',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/buffered-channels/fifo/main.ts', compare: 'output' },
  },
  {
    dir: 'buffered-channels/run-ahead',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/buffered-channels/run-ahead/main.ts', compare: 'output' },
  },
  {
    dir: 'buffered-channels/full',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'transcript', race: false, file: 'main.go.out' }],
    twin: { file: 'src/snippets/buffered-channels/full/main.ts', compare: 'deadlock' },
  },
  {
    dir: 'range-and-close/drain',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/range-and-close/drain/main.ts', compare: 'output' },
  },
  {
    dir: 'range-and-close/range',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/range-and-close/range/main.ts', compare: 'output' },
  },
  {
    dir: 'range-and-close/recovered',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/range-and-close/recovered/main.ts', compare: 'output' },
  },
  {
    dir: 'range-and-close/close-twice',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'transcript', race: false, file: 'main.go.out' }],
    twin: { file: 'src/snippets/range-and-close/close-twice/main.ts', compare: 'panic' },
  },
  {
    dir: 'first-service/users-source',
    file: 'main.go',
    clock: 'real',
    compiles: false,
    checks: [
      { kind: 'build-error', file: 'main.go.out' },
      {
        kind: 'build-error-quoted',
        fixes: [usersAtPackageLevel],
        quote: 'invalid operation: user.ID == id (mismatched types int and string)',
      },
      { kind: 'curl', fixes: [usersAtPackageLevel, ...idParsed], file: 'fprint.go.out' },
    ],
  },
  {
    dir: 'first-service/users',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'curl', fixes: [], file: 'main.go.out' }],
    twin: { file: 'src/snippets/first-service/users/main.ts', compare: 'http' },
  },
  {
    dir: 'labs/goroutines/wait-for-workers',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [],
    twin: { file: 'labs/goroutines/wait-for-workers/solution/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/channels/ping-pong',
    file: 'solution.go',
    clock: 'real',
    compiles: true,
    checks: [],
    twin: { file: 'labs/channels/ping-pong/solution/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/buffered/bounded-queue',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [],
    twin: { file: 'labs/buffered/bounded-queue/solution/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/close/countdown',
    file: 'solution.go',
    clock: 'real',
    compiles: true,
    checks: [],
    twin: { file: 'labs/close/countdown/solution/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/services/users',
    file: 'solution.go',
    clock: 'real',
    compiles: true,
    checks: [],
    twin: { file: 'labs/services/users/solution/main.ts', compare: 'http' },
  },
  {
    dir: 'select/several',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/select/several/main.ts', compare: 'output' },
  },
  {
    dir: 'select/fair',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/select/fair/main.ts', compare: 'output' },
  },
  {
    dir: 'select/default',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/select/default/main.ts', compare: 'output' },
  },
  {
    dir: 'select/nil-case',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/select/nil-case/main.ts', compare: 'output' },
  },
  {
    dir: 'select/forever',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'transcript', race: false, file: 'main.go.out' }],
    twin: { file: 'src/snippets/select/forever/main.ts', compare: 'deadlock' },
  },
  {
    dir: 'labs/select/merge',
    file: 'solution.go',
    clock: 'real',
    compiles: true,
    checks: [],
    twin: { file: 'labs/select/merge/solution/main.ts', compare: 'output' },
  },
  {
    dir: 'timeouts-and-timers/per-message',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/timeouts-and-timers/per-message/main.ts', compare: 'output' },
  },
  {
    dir: 'timeouts-and-timers/conversation',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/timeouts-and-timers/conversation/main.ts', compare: 'output' },
  },
  {
    dir: 'timeouts-and-timers/timer-reset',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/timeouts-and-timers/timer-reset/main.ts', compare: 'output' },
  },
  {
    dir: 'timeouts-and-timers/ticker',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/timeouts-and-timers/ticker/main.ts', compare: 'output' },
  },
  {
    dir: 'timeouts-and-timers/after-func',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/timeouts-and-timers/after-func/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/timers/heartbeat',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [],
    twin: { file: 'labs/timers/heartbeat/solution/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/directions/square-stage',
    file: 'solution.go',
    clock: 'real',
    compiles: true,
    checks: [],
    twin: { file: 'labs/directions/square-stage/solution/main.ts', compare: 'output' },
  },
  {
    dir: 'channel-directions/views',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/channel-directions/views/main.ts', compare: 'output' },
  },
  {
    dir: 'channel-directions/owner',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/channel-directions/owner/main.ts', compare: 'output' },
  },
  {
    // Its TypeScript twin (main.ts.txt) does not compile either; claims.test.ts checks tsc's errors.
    dir: 'channel-directions/misuse',
    file: 'main.go',
    clock: 'real',
    compiles: false,
    checks: [{ kind: 'build-error', file: 'main.go.out' }],
  },
  // Races and mutexes: the update is lost only in some schedules, so the plain run prints the
  // right balance in both languages; -race finds the data race anyway, and says nothing about the
  // split lock, whose update is still lost (claims.test.ts explores the TypeScript twins).
  {
    dir: 'races-and-mutexes/lucky',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    racy: true,
    checks: [
      { kind: 'output', file: 'main.out' },
      { kind: 'transcript', race: true, file: 'main.go.out' },
    ],
    twin: { file: 'src/snippets/races-and-mutexes/lucky/main.ts', compare: 'output' },
  },
  {
    dir: 'races-and-mutexes/mutex',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [
      { kind: 'output', file: 'main.out' },
      { kind: 'transcript', race: true, file: 'main.go.out' },
    ],
    twin: { file: 'src/snippets/races-and-mutexes/mutex/main.ts', compare: 'output' },
  },
  {
    dir: 'races-and-mutexes/split-lock',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    racy: true,
    checks: [
      { kind: 'output', file: 'main.out' },
      { kind: 'transcript', race: true, file: 'main.go.out' },
    ],
    twin: { file: 'src/snippets/races-and-mutexes/split-lock/main.ts', compare: 'output' },
  },
  {
    // Real clock: testing/synctest's fake clock cannot advance while a goroutine waits for a
    // sync.Mutex or RWMutex (not a durable block), so its order comes from channels and sleeps
    // far apart instead.
    dir: 'races-and-mutexes/rwmutex',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/races-and-mutexes/rwmutex/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/mutex/bank-account',
    file: 'solution.go',
    clock: 'real',
    compiles: true,
    // The Go twin is race-free: -race prints nothing besides the program's own lines.
    checks: [{ kind: 'transcript', race: true, file: 'solution.go.out' }],
    twin: { file: 'labs/mutex/bank-account/solution/main.ts', compare: 'output' },
  },
  {
    dir: 'atomic-counters/counter',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/atomic-counters/counter/main.ts', compare: 'output' },
  },
  {
    dir: 'atomic-counters/racy-counter',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    racy: true,
    checks: [
      { kind: 'output', file: 'main.out' },
      { kind: 'transcript', race: true, file: 'main.go.out' },
    ],
    twin: { file: 'src/snippets/atomic-counters/racy-counter/main.ts', compare: 'output' },
  },
  {
    dir: 'atomic-counters/highest-bid',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/atomic-counters/highest-bid/main.ts', compare: 'output' },
  },
  {
    dir: 'atomic-counters/snapshot',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/atomic-counters/snapshot/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/atomic/in-flight',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [],
    twin: { file: 'labs/atomic/in-flight/solution/main.ts', compare: 'output' },
  },
  // Context: the deadlines run on synctest's fake clock (a context's timer is in the bubble), so
  // 2s and 100ms are exact and take no real time.
  {
    dir: 'context/tree',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/context/tree/main.ts', compare: 'output' },
  },
  {
    dir: 'context/deadline',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/context/deadline/main.ts', compare: 'output' },
  },
  {
    dir: 'context/values',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/context/values/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/context/deadline-search',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [],
    twin: { file: 'labs/context/deadline-search/solution/main.ts', compare: 'output' },
  },
  {
    // Real clock: synctest's fake clock cannot advance while goroutines wait inside Once.Do (a
    // mutex, not a durable block); nothing it prints depends on the time.
    dir: 'waitgroup-once-errgroup/once',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/waitgroup-once-errgroup/once/main.ts', compare: 'output' },
  },
  {
    dir: 'waitgroup-once-errgroup/first-error',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/waitgroup-once-errgroup/first-error/main.ts', compare: 'output' },
  },
  {
    dir: 'waitgroup-once-errgroup/set-limit',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/waitgroup-once-errgroup/set-limit/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/errgroup/fetch-all',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [],
    twin: { file: 'labs/errgroup/fetch-all/solution/main.ts', compare: 'output' },
  },
  {
    dir: 'worker-pools-and-rate-limits/pool',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/worker-pools-and-rate-limits/pool/main.ts', compare: 'output' },
  },
  {
    dir: 'worker-pools-and-rate-limits/bursty',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/worker-pools-and-rate-limits/bursty/main.ts', compare: 'output' },
  },
  {
    dir: 'worker-pools-and-rate-limits/tick',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/worker-pools-and-rate-limits/tick/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/pool/limited-pool',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [],
    twin: { file: 'labs/pool/limited-pool/solution/main.ts', compare: 'output' },
  },
  // Stateful goroutines: nothing sleeps, so the real clock; every output is fixed by the programs'
  // own synchronisation (the WaitGroup that holds both callers between their get and their set).
  {
    dir: 'stateful-goroutines/owner',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/stateful-goroutines/owner/main.ts', compare: 'output' },
  },
  {
    dir: 'stateful-goroutines/mutex',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/stateful-goroutines/mutex/main.ts', compare: 'output' },
  },
  {
    dir: 'stateful-goroutines/lost-update',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/stateful-goroutines/lost-update/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/stateful/kv-store',
    file: 'solution.go',
    clock: 'real',
    compiles: true,
    checks: [],
    twin: { file: 'labs/stateful/kv-store/solution/main.ts', compare: 'output' },
  },
  {
    dir: 'generators-and-fan-in/generator',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/generators-and-fan-in/generator/main.ts', compare: 'output' },
  },
  {
    dir: 'generators-and-fan-in/fan-in',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/generators-and-fan-in/fan-in/main.ts', compare: 'output' },
  },
  {
    dir: 'generators-and-fan-in/sequence',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/generators-and-fan-in/sequence/main.ts', compare: 'output' },
  },
  {
    dir: 'generators-and-fan-in/never-closed',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'transcript', race: false, file: 'main.go.out' }],
    twin: { file: 'src/snippets/generators-and-fan-in/never-closed/main.ts', compare: 'deadlock' },
  },
  {
    dir: 'labs/fanin/merge-all',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [],
    twin: { file: 'labs/fanin/merge-all/solution/main.ts', compare: 'output' },
  },
  // Pipelines and cancellation: the snippets never sleep; the lab's solution does (10ms of work per
  // square, a second after the consumer quits), on synctest's fake clock.
  {
    dir: 'pipelines-and-cancellation/fan-in',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/pipelines-and-cancellation/fan-in/main.ts', compare: 'output' },
  },
  {
    dir: 'pipelines-and-cancellation/done',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/pipelines-and-cancellation/done/main.ts', compare: 'output' },
  },
  {
    dir: 'pipelines-and-cancellation/bounded',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/pipelines-and-cancellation/bounded/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/pipeline/early-exit',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [],
    twin: { file: 'labs/pipeline/early-exit/solution/main.ts', compare: 'output' },
  },
  // Replicated requests: the latencies are drawn from a seeded source and slept on synctest's fake
  // clock, so each version's time is exact.
  {
    dir: 'replicated-requests/sequential',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/replicated-requests/sequential/main.ts', compare: 'output' },
  },
  {
    dir: 'replicated-requests/concurrent',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/replicated-requests/concurrent/main.ts', compare: 'output' },
  },
  {
    dir: 'replicated-requests/timeout',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/replicated-requests/timeout/main.ts', compare: 'output' },
  },
  {
    dir: 'replicated-requests/replicas',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/replicated-requests/replicas/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/replicas/google-search',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [],
    twin: { file: 'labs/replicas/google-search/solution/main.ts', compare: 'output' },
  },
  // Equivalent binary trees: the leak program counts its unfinished walks instead of sleeping, so
  // it runs on the real clock; the lab's solution sleeps a millisecond after each pair (synctest).
  {
    dir: 'equivalent-binary-trees/walk',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/equivalent-binary-trees/walk/main.ts', compare: 'output' },
  },
  {
    dir: 'equivalent-binary-trees/leak',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/equivalent-binary-trees/leak/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/trees/same',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [],
    twin: { file: 'labs/trees/same/solution/main.ts', compare: 'output' },
  },
  {
    dir: 'web-crawler/check-then-fetch',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/web-crawler/check-then-fetch/main.ts', compare: 'output' },
  },
  {
    dir: 'web-crawler/semaphore',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/web-crawler/semaphore/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/crawler/bounded-crawl',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [],
    twin: { file: 'labs/crawler/bounded-crawl/solution/main.ts', compare: 'output' },
  },
  // For-select loops: the sleeps and the fetches run on synctest's fake clock, so every time printed
  // is exact and the same in Go and in the gort twin.
  {
    dir: 'for-select-and-nil-channels/naive-close',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/for-select-and-nil-channels/naive-close/main.ts', compare: 'output' },
  },
  {
    dir: 'for-select-and-nil-channels/relay',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/for-select-and-nil-channels/relay/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/subscription/feed-loop',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [],
    twin: { file: 'labs/subscription/feed-loop/solution/main.ts', compare: 'output' },
  },
  {
    dir: 'registration-and-discovery/lease',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/registration-and-discovery/lease/main.ts', compare: 'output' },
  },
  {
    dir: 'registration-and-discovery/flapping',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/registration-and-discovery/flapping/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/services/heartbeat',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [],
    twin: { file: 'labs/services/heartbeat/solution/main.ts', compare: 'output' },
  },
  // Inside a channel: the programs sleep a millisecond so that a goroutine parks before main goes
  // on (synctest's clock makes that exact); the lab's Go twin runs the same tests with sync.Cond.
  {
    dir: 'inside-a-channel/steps',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/inside-a-channel/steps/main.ts', compare: 'output' },
  },
  {
    dir: 'inside-a-channel/select-passes',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/inside-a-channel/select-passes/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/hchan/mini-chan',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [],
    twin: { file: 'labs/hchan/mini-chan/solution/main.ts', compare: 'output' },
  },
  {
    dir: 'deadlocks-leaks-and-races/handshake',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'transcript', race: false, file: 'main.go.out' }],
  },
  {
    dir: 'deadlocks-leaks-and-races/lock-order',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'transcript', race: false, file: 'main.go.out' }],
  },
  {
    dir: 'deadlocks-leaks-and-races/no-lock',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    racy: true,
    checks: [
      { kind: 'output', file: 'main.out' },
      { kind: 'transcript', race: true, file: 'main.go.out' },
    ],
    twin: { file: 'src/snippets/deadlocks-leaks-and-races/no-lock/main.ts', compare: 'output' },
  },
  {
    dir: 'deadlocks-leaks-and-races/split-lock',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    racy: true,
    checks: [
      { kind: 'output', file: 'main.out' },
      { kind: 'transcript', race: true, file: 'main.go.out' },
    ],
    twin: { file: 'src/snippets/deadlocks-leaks-and-races/split-lock/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/debugging/three-bugs',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'transcript', race: true, file: 'solution.go.out' }],
    twin: { file: 'labs/debugging/three-bugs/solution/main.ts', compare: 'output' },
  },
  {
    // With one P, runnext runs the goroutine started last first; stable in 500 runs of 500.
    dir: 'scheduler/run-next',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'transcript', race: false, file: 'main.go.out' }],
  },
  {
    dir: 'scheduler/gosched',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'transcript', race: false, file: 'main.go.out' }],
  },
  {
    dir: 'labs/scheduler/guaranteed-order',
    file: 'solution.go',
    clock: 'real',
    compiles: true,
    checks: [],
    twin: { file: 'labs/scheduler/guaranteed-order/solution/main.ts', compare: 'output' },
  },
  // Load balancing: four balancers against one slow replica on the fake clock (no two events of the
  // experiment share an instant, so Go's scheduler and gort's agree); the lab's solution likewise.
  {
    dir: 'load-balancing/experiment',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/load-balancing/experiment/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/services/power-of-two',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [],
    twin: { file: 'labs/services/power-of-two/solution/main.ts', compare: 'output' },
  },
  {
    dir: 'load-balancing/balls-into-bins',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/load-balancing/balls-into-bins/main.ts', compare: 'output' },
  },
  // Calling services: net/rpc and net/rpc/jsonrpc on in-memory pipes (no TypeScript twin: the
  // page shows RPC in Go only); the deadline budget and the lab's twin on synctest's clock.
  {
    dir: 'calling-services/rpc',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
  },
  {
    dir: 'calling-services/budget',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/calling-services/budget/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/services/deadline-budget',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [],
    twin: { file: 'labs/services/deadline-budget/solution/main.ts', compare: 'output' },
  },
  {
    dir: 'monolith-to-services/split',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/monolith-to-services/split/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/services/extract-catalog',
    file: 'solution.go',
    clock: 'real',
    compiles: true,
    checks: [],
  }, // Throughput, latency and availability: services as in-process handlers on synctest's fake clock,
  // every random choice from the same seeded Park–Miller source as the TypeScript twin; no two
  // draws from different requests share an instant, so Go's scheduler and gort's agree.
  {
    dir: 'throughput-latency-availability/littles-law',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/throughput-latency-availability/littles-law/main.ts', compare: 'output' },
  },
  {
    dir: 'throughput-latency-availability/calls',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/throughput-latency-availability/calls/main.ts', compare: 'output' },
  },
  {
    dir: 'throughput-latency-availability/tail',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/throughput-latency-availability/tail/main.ts', compare: 'output' },
  },
  {
    dir: 'throughput-latency-availability/fan-out',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/throughput-latency-availability/fan-out/main.ts', compare: 'output' },
  },
  {
    dir: 'throughput-latency-availability/availability',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/throughput-latency-availability/availability/main.ts', compare: 'output' },
  },
  {
    dir: 'throughput-latency-availability/nines',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/throughput-latency-availability/nines/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/operations/predict-then-measure',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [],
    twin: { file: 'labs/operations/predict-then-measure/solution/main.ts', compare: 'output' },
  },
  // Resilience: net/http over net.Pipe on synctest's clock — a per-try timeout with a full-jitter
  // retry loop, a retry storm across three hops, the seven callers of the one-bad-replica bench —
  // each the same as its gomesh twin; the backoff comparison is arithmetic (no clock).
  {
    dir: 'resilience/per-try',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/resilience/per-try/main.ts', compare: 'output' },
  },
  {
    dir: 'resilience/jitter',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/resilience/jitter/main.ts', compare: 'output' },
  },
  {
    dir: 'resilience/storm',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/resilience/storm/main.ts', compare: 'output' },
  },
  {
    dir: 'resilience/experiment',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/resilience/experiment/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/operations/bad-replica',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [],
    twin: { file: 'labs/operations/bad-replica/solution/main.ts', compare: 'output' },
  },
  // Rate limiting: golang.org/x/time/rate on synctest's fake clock. The 429 service runs inside the
  // bubble too, where time stands still while the requests are on the wire, so its Retry-After is
  // exactly the 2s to the next token (on the real clock: 2s less a few microseconds, rounded up to
  // 2 all the same). The lab's twin calls its middleware with httptest.NewRecorder, so its
  // requests can wait in the queue on the fake clock; the TypeScript solution is two files (main.ts
  // imports limit.ts), so claims.test.ts compares it with solution.out instead of a twin here.
  {
    dir: 'rate-limiting/bucket',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/rate-limiting/bucket/main.ts', compare: 'output' },
  },
  {
    dir: 'rate-limiting/service',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/rate-limiting/service/main.ts', compare: 'output' },
  },
  {
    dir: 'rate-limiting/shed-or-queue',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/rate-limiting/shed-or-queue/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/operations/front-door',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'solution.out' }],
  },
  // Observability: client_golang's metrics and traceparent through services that run in memory
  // (an http.RoundTripper that calls the handler), so synctest's fake clock times every request
  // exactly, as gort's virtual clock does for the twins: a real socket would not let it advance.
  {
    dir: 'observability/red',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/observability/red/main.ts', compare: 'output' },
  },
  {
    dir: 'observability/quantiles',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/observability/quantiles/main.ts', compare: 'output' },
  },
  {
    dir: 'observability/trace',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/observability/trace/main.ts', compare: 'output' },
  },
  {
    // The TypeScript solution keeps serving for the check after its smoke test; claims.test.ts
    // compares what it prints up to "ready" with this program's output.
    dir: 'labs/operations/instrument-shop',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'solution.out' }],
  },
  {
    dir: 'data-consistency/retry',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/data-consistency/retry/main.ts', compare: 'output' },
  },
  {
    dir: 'data-consistency/experiment',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/data-consistency/experiment/main.ts', compare: 'output' },
  },
  {
    dir: 'data-consistency/outbox',
    file: 'main.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/data-consistency/outbox/main.ts', compare: 'output' },
  },
  {
    // Its faults come from its own seeded source, so it prints its own tallies; the TypeScript
    // lab draws from the run's seed, and the check replays those.
    dir: 'labs/operations/order-saga',
    file: 'solution.go',
    clock: 'real',
    compiles: true,
    checks: [{ kind: 'output', file: 'solution.out' }],
  },
  {
    dir: 'gomesh-to-kubernetes/route',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/gomesh-to-kubernetes/route/main.ts', compare: 'output' },
  },
  {
    dir: 'labs/operations/match-production',
    file: 'solution.go',
    clock: 'synctest',
    compiles: true,
    checks: [],
    twin: { file: 'labs/operations/match-production/solution/main.ts', compare: 'output' },
  },
  {
    dir: 'capstone/charge',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/capstone/charge/main.ts', compare: 'output' },
  },
  {
    dir: 'capstone/chaos',
    file: 'main.go',
    clock: 'synctest',
    compiles: true,
    checks: [{ kind: 'output', file: 'main.out' }],
    twin: { file: 'src/snippets/capstone/chaos/main.ts', compare: 'output' },
  },
];

/** The requests a users service twin is compared on: the lab check's, and what strconv.Atoi takes. */
export const usersRequests = [
  '/users',
  '/users/1',
  '/users/2',
  '/users/3',
  '/users/42',
  '/users/abc',
  '/users/+2',
  '/users/-1',
];

/** Applies `fixes` to `source`, each of which must occur in it exactly once. */
export function applyRewrites(source: string, fixes: readonly Rewrite[], name: string): string {
  return fixes.reduce((text, fix) => {
    const count = text.split(fix.from).length - 1;
    if (count !== 1)
      throw new Error(`${name}: a fix expects its text exactly once, found ${count}:\n${fix.from}`);
    return text.replace(fix.from, fix.to);
  }, source);
}
