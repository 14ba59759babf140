/**
 * Check for channels/ping-pong: the program ends normally, prints the exchange in exactly the order
 * ping 1, pong 2, ..., pong 6, and the ball really travelled over the two unbuffered channels,
 * alternating ping, pong, ping, ...
 *
 * The output order alone could be faked with a loop of prints; the trace's `chan.send` events on the
 * first two channels main made (ping, then pong) show the handoffs themselves.
 */
import { defineCheck, verbatim } from 'labcheck';

const rounds = 3;
const MAIN = 1;

const expected = Array.from(
  { length: 2 * rounds },
  (_, i) =>
    i % 2 === 0 ? `ping ${i + 1}` : `pong ${i + 1}`,
);

export default defineCheck(async (t) => {
  const run = await t.run();

  const deadlocked = run.stderr.includes(
    'all goroutines are asleep - deadlock!',
  );
  t.equal(
    {
      en: 'the program exits with status 0',
      'zh-cn': '程序以退出状态 0 结束',
    },
    run.exitCode,
    0,
    deadlocked
      ? {
          en: 'it deadlocked: main sends on ping, but no goroutine receives — is the pong player started?',
          'zh-cn':
            '程序死锁了：main 在 ping 上发送，却没有 goroutine 接收——pong 选手启动了吗？',
        }
      : verbatim(run.stderr.trim().split('\n')[0] ?? ''),
  );

  t.equal(
    {
      en: 'the players print in turn: ping 1, pong 2, …, pong 6',
      'zh-cn': '两位选手轮流打印：ping 1、pong 2……pong 6',
    },
    run.lines,
    expected,
  );

  const made = run.trace.flatMap((e) =>
    e.type === 'chan.make' && e.g === MAIN ? [e.ch] : [],
  );
  const [ping, pong] = made;
  const handoffs = run.trace.flatMap((e) =>
    e.type === 'chan.send' &&
    (e.ch === ping || e.ch === pong)
      ? [e.ch === ping ? 'ping' : 'pong']
      : [],
  );
  t.equal(
    {
      en: 'the ball goes back and forth over ping and pong',
      'zh-cn': '球在 ping 和 pong 两个 channel 上来回传递',
    },
    handoffs,
    expected.map((line) => line.split(' ')[0]),
  );
});
