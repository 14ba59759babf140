/**
 * Check for mutex/bank-account: ten deposits of 100, then four withdrawals of 300 that may only be
 * paid while the account covers them; no update may be lost and no withdrawal may overdraw.
 *
 * Every deposit and withdrawal awaits a send on the audit log between reading the balance and
 * writing it back. The log is buffered, so in gort's default order nothing else runs there and the
 * unsynchronized starter prints the right numbers. Go may run another goroutine at that point, so
 * the check explores schedules (`t.explore`): a program that is right only in the default order
 * fails with the schedule that breaks it, which the learner can replay and watch in the Timeline.
 *
 * Read from the output (the three numbers the program prints) and from the audit log in the trace
 * (the values of `chan.send` events that look like `deposit 100: 300 -> 400`): in a correct program
 * the log is one history, each entry starting from the balance the one before it left. Two entries
 * starting from the same balance are the lost update itself, in the learner's own words.
 */
import {
  defineCheck,
  verbatim,
  type CheckText,
} from 'labcheck';

const deposits = 10;
const deposit = 100;
const withdrawals = 4;
const withdrawal = 300;
const ENTRY =
  /^(deposit|withdraw) (\d+): (-?\d+) -> (-?\d+)$/;

interface Entry {
  readonly text: string;
  readonly from: number;
  readonly to: number;
}

/** The number at the end of `line` when it starts with `prefix`. */
function numberAfter(
  line: string | undefined,
  prefix: string,
): number | undefined {
  if (line === undefined || !line.startsWith(prefix)) {
    return undefined;
  }
  const n = Number(line.slice(prefix.length).trim());
  return Number.isInteger(n) ? n : undefined;
}

/** The first entry that does not start where the one before it ended, with that one. */
function firstBreak(
  log: readonly Entry[],
): { before: Entry | undefined; entry: Entry } | undefined {
  let balance = 0;
  for (let i = 0; i < log.length; i++) {
    const entry = log[i]!;
    if (entry.from !== balance) {
      return { before: log[i - 1], entry };
    }
    balance = entry.to;
  }
  return undefined;
}

export default defineCheck(async (t) => {
  await t.explore((run) => {
    const deadlock = run.stderr.includes(
      'all goroutines are asleep - deadlock!',
    );
    const why: CheckText | undefined =
      deadlock && run.stderr.includes('[sync.Mutex.Lock]')
        ? {
            en: 'it deadlocked: a goroutine waits for account.mu forever, because some path returned without unlocking it — unlock in a finally block (Go’s defer mu.Unlock()), so that every return unlocks',
            'zh-cn':
              '程序死锁了：有个 goroutine 永远在等 account.mu，因为某条路径返回时没有解锁——请在 finally 块里解锁（相当于 Go 的 defer mu.Unlock()），这样每次返回都会解锁',
          }
        : verbatim(run.stderr.trim().split('\n')[0] ?? '');
    t.equal(
      {
        en: 'the program exits with status 0',
        'zh-cn': '程序以退出状态 0 结束',
      },
      run.exitCode,
      0,
      why,
    );

    const log: Entry[] = t
      .events(run, 'chan.send')
      .flatMap((e) => {
        const m =
          typeof e.value === 'string'
            ? ENTRY.exec(e.value)
            : null;
        return m === null
          ? []
          : [
              {
                text: e.value as string,
                from: Number(m[3]),
                to: Number(m[4]),
              },
            ];
      });
    const broken = firstBreak(log);
    const lost: CheckText | undefined =
      broken === undefined
        ? undefined
        : broken.before !== undefined &&
            broken.before.from === broken.entry.from
          ? {
              en: `the audit log has “${broken.before.text}” and then “${broken.entry.text}”: both read the balance ${broken.entry.from} before either wrote its result, so one change overwrote the other. Hold account.mu from the read to the write, across the await`,
              'zh-cn': `审计日志里先是“${broken.before.text}”，接着是“${broken.entry.text}”：两者都在对方写回之前读到了余额 ${broken.entry.from}，于是一笔变动覆盖了另一笔。请从读余额一直到写回都持有 account.mu，把中间的 await 也包进去`,
            }
          : {
              en: `the audit log has “${broken.entry.text}” after “${broken.before?.text ?? 'the start (balance 0)'}”: it started from a balance another change had already replaced. Hold account.mu from the read to the write, across the await`,
              'zh-cn': `审计日志里“${broken.entry.text}”跟在“${broken.before?.text ?? '开头（余额 0）'}”之后：它基于一个已经被别的变动改掉的余额。请从读余额一直到写回都持有 account.mu，把中间的 await 也包进去`,
            };

    const [first, second, third] = run.lines;
    const afterDeposits = numberAfter(
      first,
      `after ${deposits} deposits of ${deposit}:`,
    );
    const paid = numberAfter(
      second?.replace(/ of \d+$/, ''),
      `withdrawals of ${withdrawal} paid:`,
    );
    const balance = numberAfter(third, 'balance:');

    const total = deposits * deposit;
    t.expect(
      {
        en: `no deposit is lost: ${deposits} deposits of ${deposit} leave ${total}`,
        'zh-cn': `没有丢失任何存款：${deposits} 笔 ${deposit} 的存款之后余额是 ${total}`,
      },
      afterDeposits === total,
      afterDeposits === undefined
        ? {
            en: `the first line should be “after ${deposits} deposits of ${deposit}: ${total}”, got ${JSON.stringify(first ?? '')}`,
            'zh-cn': `第一行应该是“after ${deposits} deposits of ${deposit}: ${total}”，实际为 ${JSON.stringify(first ?? '')}`,
          }
        : {
            en: `the balance after the deposits was ${afterDeposits}: ${(total - afterDeposits) / deposit} of them were lost — another deposit ran at the await between one deposit’s read of the balance and its write, and that write put back the old balance plus 100`,
            'zh-cn': `存款之后余额是 ${afterDeposits}：丢了 ${(total - afterDeposits) / deposit} 笔——一笔存款在读余额和写回之间的 await 处，另一笔存款插了进来，而它写回的是旧余额加 100`,
          },
    );

    const covered = Math.min(
      withdrawals,
      Math.floor((afterDeposits ?? total) / withdrawal),
    );
    t.expect(
      {
        en: `no overdraft: a withdrawal is paid only while the balance covers it (${covered} of the ${withdrawals} withdrawals of ${withdrawal})`,
        'zh-cn': `没有透支：只有余额够时才支付取款（${withdrawals} 笔 ${withdrawal} 的取款中支付 ${covered} 笔）`,
      },
      paid === covered &&
        balance !== undefined &&
        balance >= 0,
      paid === undefined
        ? {
            en: `the second line should be “withdrawals of ${withdrawal} paid: ${covered} of ${withdrawals}”, got ${JSON.stringify(second ?? '')}`,
            'zh-cn': `第二行应该是“withdrawals of ${withdrawal} paid: ${covered} of ${withdrawals}”，实际为 ${JSON.stringify(second ?? '')}`,
          }
        : {
            en: `${paid} were paid out of ${afterDeposits ?? '?'}: two withdrawals both found enough money before either took it out. Keep account.mu locked from the check to the subtraction`,
            'zh-cn': `从 ${afterDeposits ?? '?'} 里支付了 ${paid} 笔：两笔取款在对方取走之前都看到余额足够。请从检查余额一直到扣款都锁着 account.mu`,
          },
    );

    const expectedBalance =
      afterDeposits === undefined || paid === undefined
        ? undefined
        : afterDeposits - paid * withdrawal;
    t.expect(
      {
        en: `every payment is taken off the balance: it ends at ${total} − ${withdrawal} × the withdrawals paid`,
        'zh-cn': `每笔支付都从余额里扣掉了：最终余额 = ${total} − ${withdrawal} × 已支付的取款笔数`,
      },
      expectedBalance !== undefined &&
        balance === expectedBalance,
      expectedBalance === undefined || balance === undefined
        ? {
            en: `the third line should be “balance: ${total - covered * withdrawal}”, got ${JSON.stringify(third ?? '')}`,
            'zh-cn': `第三行应该是“balance: ${total - covered * withdrawal}”，实际为 ${JSON.stringify(third ?? '')}`,
          }
        : {
            en: `${paid} × ${withdrawal} was paid out of ${afterDeposits}, which leaves ${expectedBalance}, but the balance is ${balance}: a withdrawal wrote back a balance it had read before another withdrawal changed it`,
            'zh-cn': `从 ${afterDeposits} 里支付了 ${paid} × ${withdrawal}，应剩 ${expectedBalance}，余额却是 ${balance}：有一笔取款写回的余额，是在另一笔取款改动之前读到的`,
          },
    );

    t.expect(
      {
        en: 'the audit log is one history: each entry starts from the balance the entry before it left',
        'zh-cn':
          '审计日志是一条连贯的历史：每条记录都从上一条记录留下的余额开始',
      },
      log.length > 0 &&
        broken === undefined &&
        log.at(-1)?.to === balance,
      log.length === 0
        ? {
            en: 'no entry like “deposit 100: 0 -> 100” was sent on the audit log: keep the audit sends as they are',
            'zh-cn':
              '审计日志上没有收到“deposit 100: 0 -> 100”这样的记录：请保留原来的审计发送',
          }
        : (lost ?? {
            en: `the last entry, “${log.at(-1)?.text ?? ''}”, does not end at the balance printed (${balance ?? '?'})`,
            'zh-cn': `最后一条记录“${log.at(-1)?.text ?? ''}”的结果和打印的余额（${balance ?? '?'}）不一致`,
          }),
    );

    t.noLeaks(run);
  });
});
