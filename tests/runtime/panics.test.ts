/**
 * Every panic and fatal error the runtime raises prints Go's exact text on stderr and ends the
 * program with status 2. Each case is a small program run with runProgram (virtual clock).
 */
import { chan, close, go, nilChan, panic, recv, select, send } from 'gort';
import { Mutex, RWMutex, WaitGroup } from 'gort/sync';
import { newTicker, sleep, tick } from 'gort/time';
import { runProgram } from 'gort/testing';
import { describe, expect, it } from 'vitest';

const cases: [what: string, program: () => Promise<void> | void, first: string][] = [
  [
    'a send on a closed channel',
    async () => {
      const ch = chan<number>(1);
      ch.close();
      await ch.send(1);
    },
    'panic: send on closed channel',
  ],
  [
    'closing a closed channel',
    () => {
      const ch = chan<number>();
      ch.close();
      ch.close();
    },
    'panic: close of closed channel',
  ],
  [
    'a select send case on a closed channel',
    async () => {
      const ch = chan<number>();
      ch.close();
      await select({ s: send(ch, 1), default: true });
    },
    'panic: send on closed channel',
  ],
  ['closing a nil channel', () => nilChan<number>().close(), 'panic: close of nil channel'],
  ['close(null)', () => close(null), 'panic: close of nil channel'],
  ['a negative WaitGroup counter', () => new WaitGroup().done(), 'panic: sync: negative WaitGroup counter'],
  ['unlocking an unlocked mutex', () => new Mutex().unlock(), 'fatal error: sync: unlock of unlocked mutex'],
  [
    'unlocking an unlocked RWMutex',
    () => new RWMutex().unlock(),
    'fatal error: sync: Unlock of unlocked RWMutex',
  ],
  [
    'rUnlocking an unlocked RWMutex',
    () => new RWMutex().rUnlock(),
    'fatal error: sync: RUnlock of unlocked RWMutex',
  ],
  ['a ticker with interval 0', () => void newTicker(0), 'panic: non-positive interval for NewTicker'],
  [
    'a ticker with a negative interval',
    () => void newTicker(-5),
    'panic: non-positive interval for NewTicker',
  ],
  ['resetting a ticker to 0', () => newTicker(1).reset(0), 'panic: non-positive interval for Ticker.Reset'],
  ['make(chan T, -1)', () => void chan(-1), 'panic: makechan: size out of range'],
  ['make(chan T, 1.5)', () => void chan(1.5), 'panic: makechan: size out of range'],
  ['make(chan T, NaN)', () => void chan(NaN), 'panic: makechan: size out of range'],
  ['make(chan T, 2^31)', () => void chan(2 ** 31), 'panic: makechan: size out of range'],
  ['panic with a string', () => panic('something bad happened'), 'panic: something bad happened'],
  ['panic with an error', () => panic(new Error('file not found')), 'panic: file not found'],
  ['panic with a number', () => panic(42), 'panic: 42'],
  ['a JS Error thrown by learner code', () => void JSON.parse('{'), 'panic: '],
];

describe('panics and fatal errors', () => {
  it.each(cases)('%s prints Go’s text and exits 2', async (_what, program, first) => {
    const r = await runProgram(program);
    expect(r.stderr.split('\n')[0]).toContain(first);
    expect(r.stderr).toMatch(/\n\ngoroutine 1 \[running\]:\n/);
    expect(r.exitCode).toBe(2);
  });

  it('reports the panicking goroutine and who created it', async () => {
    const r = await runProgram(async () => {
      const done = chan<void>();
      go(function worker() {
        const ch = chan<number>();
        ch.close();
        ch.close();
      });
      await done.recv();
    });
    expect(r.stderr).toMatch(
      /^panic: close of closed channel\n\ngoroutine 2 \[running\]:\n[\s\S]*created by main\.main in goroutine 1\n$/,
    );
    expect(r.exitCode).toBe(2);
  });

  it('panics a sender that was blocked when the channel is closed', async () => {
    const r = await runProgram(async () => {
      const ch = chan<number>();
      go(async function sender() {
        await ch.send(1);
      });
      await tick(1).recv(); // the sender is parked by now
      ch.close();
      await chan<void>().recv();
    });
    expect(r.stderr).toMatch(/^panic: send on closed channel\n\ngoroutine 2 \[running\]:/);
    expect(r.exitCode).toBe(2);
  });

  it('panics a select whose send case was parked when the channel is closed', async () => {
    const r = await runProgram(async () => {
      const ch = chan<number>();
      go(async function closer() {
        await sleep(1);
        ch.close();
      });
      await select({ s: send(ch, 1), never: recv(chan<number>()) });
    });
    expect(r.stderr).toMatch(/^panic: send on closed channel\n\ngoroutine 1 \[running\]:/);
    expect(r.exitCode).toBe(2);
  });

  it('lets a program recover by catching, as recover() does in Go', async () => {
    const r = await runProgram(() => {
      try {
        chan<number>(-1);
      } catch (e) {
        console.log('recovered:', (e as Error).message);
      }
    });
    expect(r.stdout).toBe('recovered: makechan: size out of range\n');
    expect(r.exitCode).toBe(0);
  });

  it('ends the whole program at the first panic: nothing runs after it', async () => {
    const r = await runProgram(async () => {
      go(() => panic('first'));
      go(() => console.log('never printed'));
      await chan<void>().recv();
    });
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith('panic: first\n')).toBe(true);
  });
});
