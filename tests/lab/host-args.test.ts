/**
 * The lab host's arguments, as mount.ts builds them, and exact messages for anything else.
 */
import { describe, expect, it } from 'vitest';
import { parseHostArgs } from '../../src/lab/host/args.ts';
import { checkBudget } from '../../src/lab/host/program.ts';
import { hostArgs } from '../../src/lab/mount.ts';

describe('parseHostArgs', () => {
  it('reads back what mount.ts passes', () => {
    const meta = { entry: 'app/main.ts', clock: 'real', seed: 9, services: true, timeoutMs: 15000 } as const;
    expect(parseHostArgs(hostArgs({ meta, mode: 'check', net: 'memory', internalFrames: true }))).toEqual({
      mode: 'check',
      entry: 'app/main.js',
      clock: 'real',
      seed: 9,
      timeoutMs: 15000,
      services: true,
      net: 'memory',
      internalFrames: true,
      schedule: null,
      untilServing: false,
    });
  });

  it('reads back --until-serving, the Export button’s run, only when asked for', () => {
    const meta = { entry: 'main.ts', clock: 'real', seed: 1, services: true, timeoutMs: 15000 } as const;
    expect(hostArgs({ meta, mode: 'run', untilServing: true })).toContain('--until-serving');
    expect(parseHostArgs(hostArgs({ meta, mode: 'run', untilServing: true })).untilServing).toBe(true);
    expect(parseHostArgs(hostArgs({ meta, mode: 'run' })).untilServing).toBe(false);
  });

  it('reads back a schedule to replay in a run (what the lab UI passes for "Replay this schedule")', () => {
    const meta = { entry: 'main.ts', clock: 'virtual', seed: 1, services: false, timeoutMs: 10000 } as const;
    expect(parseHostArgs(hostArgs({ meta, mode: 'run', schedule: 'rw-7' })).schedule).toBe('rw-7');
    expect(parseHostArgs(hostArgs({ meta, mode: 'run' })).schedule).toBeNull();
  });

  it('hides internal stack frames unless --internal-frames is given', () => {
    expect(parseHostArgs([]).internalFrames).toBe(false);
  });

  it('uses the default transport when no --net is given', () => {
    expect(parseHostArgs([]).net).toBe('default');
  });

  it.each([
    [['--mode=test'], '--mode: expected "run" or "check", got "test"'],
    [['--clock=fast'], '--clock: expected "virtual" or "real", got "fast"'],
    [['--seed=-1'], '--seed: expected a whole number >= 0, got "-1"'],
    [['--entry=../x.js'], '--entry: expected a relative .js path, got "../x.js"'],
    [['--verbose'], 'unknown argument "--verbose"'],
    [['--net=default'], '--net: expected "memory", got "default"'],
    [['--schedule=rw'], '--schedule: expected a schedule token such as "rw-17", got "rw"'],
    [['--schedule'], '--schedule: expected a schedule token such as "rw-17", got undefined'],
    [
      ['--mode=check', '--schedule=rw-1'],
      '--schedule: only with --mode=run (a check explores schedules itself)',
    ],
    [['--until-serving=yes'], '--until-serving: takes no value, got "yes"'],
    [
      ['--mode=check', '--until-serving'],
      '--until-serving: only with --mode=run (a check ends its own runs)',
    ],
  ])('rejects %j', (argv, message) => {
    expect(() => parseHostArgs(argv)).toThrow(message);
  });
});

describe('checkBudget', () => {
  it("keeps back time for the report before the runner's limit", () => {
    expect(checkBudget(10_000)).toBe(8500);
    expect(checkBudget(3000)).toBe(2400);
  });
});
