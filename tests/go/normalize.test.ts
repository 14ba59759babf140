/**
 * The normalization of Go output takes out what Go varies between runs and machines, and nothing a
 * page makes a claim about: two outputs that differ only in goroutine ids, addresses, offsets,
 * directories or minutes waited compare equal; a different line, wait reason, function, count or
 * program output does not.
 */
import { describe, expect, it } from 'vitest';
import { displayGoOutput, normalizeGoOutput } from './normalize.ts';

const dump = (id: number, dir: string, offset: string, wait = 'chan send') =>
  `ping 1\nfatal error: all goroutines are asleep - deadlock!\n\ngoroutine ${id} [${wait}]:\nmain.main()\n\t${dir}/main.go:17 +0x${offset}\nexit status 2\n`;

const report = (writer: number, reader: number, address: string) =>
  [
    '==================',
    'WARNING: DATA RACE',
    `Write at 0x${address} by goroutine ${writer}:`,
    '  main.deposit()',
    '      /home/gopher/race/main.go:15 +0x46',
    '',
    `Previous read at 0x${address} by goroutine ${reader}:`,
    '  main.deposit()',
    '      /home/gopher/race/main.go:12 +0x24',
    '',
    `Goroutine ${writer} (running) created at:`,
    '  sync.(*WaitGroup).Go()',
    '      /usr/local/go/src/sync/waitgroup.go:238 +0x72',
    '',
    `Goroutine ${reader} (running) created at:`,
    '  sync.(*WaitGroup).Go()',
    '      /usr/local/go/src/sync/waitgroup.go:238 +0x72',
    '==================',
    '',
  ].join('\n');

const same = (a: string, b: string) => normalizeGoOutput(a) === normalizeGoOutput(b);

describe('normalizeGoOutput', () => {
  it.each([
    [
      'directories, offsets and goroutine ids',
      dump(1, '/home/gopher/deadlock', 'c9'),
      dump(7, '/work/x/src/snippets/unbuffered-channels/deadlock', '2f'),
    ],
    ['minutes waited', dump(1, '/a', 'c9', 'chan send'), dump(1, '/a', 'c9', 'chan send, 2 minutes')],
    [
      'addresses and the goroutines of each race report',
      report(17, 21, '0000006e9428') + report(21, 20, '0000006e9428'),
      report(13, 17, '000000622358') + report(8, 12, '000000622358'),
    ],
  ])('treats outputs that differ only in %s as equal', (_, a, b) => {
    expect(same(a, b)).toBe(true);
  });

  it.each([
    ['the line a goroutine is stuck on', dump(1, '/a', 'c9'), dump(1, '/a', 'c9').replace(':17 ', ':18 ')],
    ['the wait reason', dump(1, '/a', 'c9', 'chan send'), dump(1, '/a', 'c9', 'chan receive')],
    ['the file name', dump(1, '/a', 'c9'), dump(1, '/a', 'c9').replace('/main.go', '/other.go')],
    ['the program output', dump(1, '/a', 'c9'), dump(1, '/a', 'c9').replace('ping 1', 'ping 2')],
    ['the exit status', dump(1, '/a', 'c9'), dump(1, '/a', 'c9').replace('status 2', 'status 1')],
    ['whether a report names one goroutine twice', report(17, 21, '1'), report(17, 17, '1')],
    ['the number of race reports', report(17, 21, '1'), report(17, 21, '1') + report(21, 20, '1')],
  ])('tells outputs apart that differ in %s', (_, a, b) => {
    expect(same(a, b)).toBe(false);
  });
});

describe('displayGoOutput', () => {
  it("writes the program's folder as a learner's and GOROOT as /usr/local/go", () => {
    const output =
      '\t/work/wt/x/src/snippets/goroutines/race/main.go:15 +0x46\n\t/opt/go/src/sync/waitgroup.go:238\n';
    expect(displayGoOutput(output, '/work/wt/x/src/snippets/goroutines/race', '/opt/go')).toBe(
      '\t/home/gopher/race/main.go:15 +0x46\n\t/usr/local/go/src/sync/waitgroup.go:238\n',
    );
  });
});
