/**
 * The lab host's command line: `node __lab_host.mjs --mode=run|check --entry=main.js
 * --clock=virtual|real --seed=N --timeout=MS [--services] [--net=memory] [--internal-frames]
 * [--schedule=TOKEN] [--until-serving]` (as built by src/lab/mount.ts `hostArgs`). `--schedule`
 * replays one schedule of gort's explorer (a token a check's `t.explore` reported) in a plain run,
 * in place of the seed. `--until-serving` ends a run (status 0) once the program is only serving
 * (gort's `serving()`): the export's run, which needs the program's setup, not its limit.
 *
 * Invariant: parsing never guesses — an unknown flag or a bad value throws a HostArgsError with the
 * exact expectation, since a mismatch between mount.ts and the host is a bug to surface, not hide.
 */
import { parseSchedule } from 'gort';

export interface HostArgs {
  readonly mode: 'run' | 'check';
  /** The learner's entry as emitted (`main.js`), relative to the host. */
  readonly entry: string;
  readonly clock: 'virtual' | 'real';
  readonly seed: number;
  readonly timeoutMs: number;
  /** The program starts services: load gomesh and report listeners. */
  readonly services: boolean;
  /** `memory` (`--net=memory`): install gomesh's in-memory transport (the worker has no sockets). */
  readonly net: 'default' | 'memory';
  /** Show stack frames outside the learner's files too (the runtime's, the host's): for debugging. */
  readonly internalFrames: boolean;
  /** Run mode only: the schedule token to run under (gort's `schedule`), or null for the seed's FIFO order. */
  readonly schedule: string | null;
  /** Run mode only: end the run, with status 0, once the program is only serving. */
  readonly untilServing: boolean;
}

export class HostArgsError extends Error {
  override readonly name = 'HostArgsError';
}

/** `value` when it is one of `choices`, else the HostArgsError naming them. */
function oneOf<T extends string>(flag: string, value: string | undefined, choices: readonly T[]): T {
  if (!(choices as readonly (string | undefined)[]).includes(value)) {
    const expected = choices.map((choice) => JSON.stringify(choice)).join(' or ');
    throw new HostArgsError(`${flag}: expected ${expected}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

export function parseHostArgs(argv: readonly string[]): HostArgs {
  const args: { -readonly [K in keyof HostArgs]: HostArgs[K] } = {
    mode: 'run',
    entry: 'main.js',
    clock: 'virtual',
    seed: 1,
    timeoutMs: 10_000,
    services: false,
    net: 'default',
    internalFrames: false,
    schedule: null,
    untilServing: false,
  };
  for (const arg of argv) {
    const [flag = '', value] = arg.split(/=(.*)/s, 2);
    switch (flag) {
      case '--mode':
        args.mode = oneOf(flag, value, ['run', 'check']);
        break;
      case '--entry':
        if (value === undefined || !/^[\w.\-/]+\.m?js$/.test(value) || value.split('/').includes('..')) {
          throw new HostArgsError(`--entry: expected a relative .js path, got ${JSON.stringify(value)}`);
        }
        args.entry = value;
        break;
      case '--clock':
        args.clock = oneOf(flag, value, ['virtual', 'real']);
        break;
      case '--seed':
      case '--timeout': {
        const n = Number(value);
        if (value === undefined || value === '' || !Number.isInteger(n) || n < 0) {
          throw new HostArgsError(`${flag}: expected a whole number >= 0, got ${JSON.stringify(value)}`);
        }
        if (flag === '--seed') args.seed = n;
        else args.timeoutMs = n;
        break;
      }
      case '--services':
        args.services = true;
        break;
      case '--net':
        args.net = oneOf(flag, value, ['memory']);
        break;
      case '--internal-frames':
        args.internalFrames = true;
        break;
      case '--schedule':
        if (value === undefined || parseSchedule(value) === null) {
          throw new HostArgsError(
            `--schedule: expected a schedule token such as "rw-17", got ${JSON.stringify(value)}`,
          );
        }
        args.schedule = value;
        break;
      case '--until-serving':
        if (value !== undefined)
          throw new HostArgsError(`--until-serving: takes no value, got ${JSON.stringify(value)}`);
        args.untilServing = true;
        break;
      default:
        throw new HostArgsError(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  if (args.schedule !== null && args.mode !== 'run') {
    throw new HostArgsError('--schedule: only with --mode=run (a check explores schedules itself)');
  }
  if (args.untilServing && args.mode !== 'run') {
    throw new HostArgsError('--until-serving: only with --mode=run (a check ends its own runs)');
  }
  return args;
}
