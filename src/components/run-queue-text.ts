/**
 * The run-queue model's words, in English and Simplified Chinese: every sentence RunQueueModel.astro
 * shows or announces, made from a step's codes (run-queue-model.ts).
 *
 * Invariants: `en` defines the key set and `zh-cn` is typed by it, so a missing translation fails the
 * typecheck; a sentence marks code (proc.go's names) with backticks, which the view turns into
 * `<code>` and the live region drops; a `{name}` left unfilled stays visible.
 */
import type { LabLocale } from '../lab/schema.ts';
import { format } from '../lab/ui/i18n.ts';
import type { Effect, PickFrom, Step } from './run-queue-model.ts';

const en = {
  label: 'The P’s run queue: {label}',
  controls: 'Step through the run queue',
  back: 'Back',
  forward: 'Forward',
  play: 'Play',
  pause: 'Pause',
  counter: 'Step {n} of {total}',
  say: '{counter}. {text}',
  running: 'Running',
  runnext: '`runnext`',
  local: 'Local run queue ({n} of 256), head first',
  global: 'Global run queue, head first',
  blocked: 'Blocked',
  gortQueue: 'gort’s one queue (first in, first out)',
  nobody: 'nobody',
  empty: 'empty',
  none: 'none',
  schedtick: '`schedtick`',
  next: 'Who runs next',
  nextP: 'Go’s P: {g} ({from})',
  nextPNone: 'Go’s P: nothing runnable',
  nextGort: 'gort: {g} (the head of its queue)',
  nextGortNone: 'gort: its queue is empty',
  nextRun: 'This run: {g}',
  'from.runnext': 'runnext',
  'from.local': 'local queue head',
  'from.global-tick': 'global queue, 61st tick',
  'from.global-batch': 'global queue',
  'from.out-of-turn': 'out of turn',
  g: 'G{g}',
  main: 'G1 (main)',
  'create.main': '{g} is created by the runtime: `newproc` puts it in runnext.',
  create: '{g} is created by {parent}: `newproc` puts it in runnext (`runqput(pp, newg, true)`).',
  ready: '{by} readies {g} (`ready`, next = true): {g} goes to runnext.',
  'ready.timer': 'A timer fires and readies {g} (`ready`, next = true): {g} goes to runnext.',
  kicked: '{g} moves from runnext to the tail of the local queue.',
  spilled: 'The local queue was full: `runqputslow` moves {gs} to the global queue.',
  'run.runnext':
    '{g} runs: `runqget` takes runnext first. It inherits the time slice, so `schedtick` stays {tick}.',
  'run.local': '{g} runs: `runqget` takes the head of the local queue; `schedtick` becomes {tick}.',
  'run.global-tick':
    '{g} runs: `schedtick` was {tick0}, a multiple of 61, so `findRunnable` takes one goroutine from the global queue before the local one.',
  'run.global-batch':
    '{g} runs: runnext and the local queue are empty, so `globrunqgetbatch` takes it from the global queue.',
  batched: '{gs} move from the global queue to the local queue.',
  'run.out-of-turn':
    'This run ran {g}, out of the P’s order: Go’s P would run {p} ({from}). The model takes {g} from where it waited.',
  'gort.same': 'gort’s first-in-first-out queue would run {g} here too.',
  'gort.differs': 'gort’s queue is first in, first out: it would run {gort} here.',
  park: '{g} blocks [{reason}]: it leaves the P until something readies it.',
  yield: '{g} yields (`Gosched`): `goschedImpl` puts it on the global queue (`globrunqput`).',
  exit: '{g} exits.',
  'exit.main': '{g} returns: the program exits.',
  'source.explored':
    'Recorded when the site was built: gort ran this program under the explored schedule {schedule}, the first it tried whose every choice is the one Go’s P makes. Where gort’s own first-in-first-out order would choose differently, the step says so.',
  'source.default':
    'Recorded when the site was built from gort’s default run: at every switch it ran the goroutine Go’s P takes.',
  listSep: ', ',
  sentenceSep: ' ',
} as const;

export type RunQueueKey = keyof typeof en;
type Strings = Readonly<Record<RunQueueKey, string>>;

const zh: Strings = {
  label: 'P 的运行队列：{label}',
  controls: '逐步查看运行队列',
  back: '上一步',
  forward: '下一步',
  play: '播放',
  pause: '暂停',
  counter: '第 {n} 步，共 {total} 步',
  say: '{counter}：{text}',
  running: '正在运行',
  runnext: '`runnext`',
  local: '本地运行队列（{n}/256），队头在前',
  global: '全局运行队列，队头在前',
  blocked: '阻塞',
  gortQueue: 'gort 唯一的队列（先进先出）',
  nobody: '无',
  empty: '空',
  none: '无',
  schedtick: '`schedtick`',
  next: '下一个运行谁',
  nextP: 'Go 的 P：{g}（{from}）',
  nextPNone: 'Go 的 P：没有可运行的 goroutine',
  nextGort: 'gort：{g}（它的队头）',
  nextGortNone: 'gort：队列为空',
  nextRun: '这次运行：{g}',
  'from.runnext': 'runnext',
  'from.local': '本地队列队头',
  'from.global-tick': '全局队列，第 61 轮',
  'from.global-batch': '全局队列',
  'from.out-of-turn': '不按顺序',
  g: 'G{g}',
  main: 'G1（main）',
  'create.main': '运行时创建了 {g}：`newproc` 把它放进 runnext。',
  create: '{parent} 创建了 {g}：`newproc` 把它放进 runnext（`runqput(pp, newg, true)`）。',
  ready: '{by} 唤醒了 {g}（`ready`，next 为 true）：{g} 进入 runnext。',
  'ready.timer': '定时器触发，唤醒了 {g}（`ready`，next 为 true）：{g} 进入 runnext。',
  kicked: '{g} 被挤出 runnext，排到本地队列队尾。',
  spilled: '本地队列已满：`runqputslow` 把 {gs} 挪到全局队列。',
  'run.runnext': '{g} 开始运行：`runqget` 先取 runnext。它继承当前的时间片，所以 `schedtick` 仍是 {tick}。',
  'run.local': '{g} 开始运行：`runqget` 取本地队列的队头；`schedtick` 变为 {tick}。',
  'run.global-tick':
    '{g} 开始运行：`schedtick` 原为 {tick0}，是 61 的倍数，所以 `findRunnable` 先从全局队列取一个，再看本地队列。',
  'run.global-batch': '{g} 开始运行：runnext 和本地队列都空了，`globrunqgetbatch` 从全局队列取出它。',
  batched: '{gs} 从全局队列挪进本地队列。',
  'run.out-of-turn':
    '这次运行跑的是 {g}，不是 P 的顺序：Go 的 P 会运行 {p}（{from}）。模型把 {g} 从它等待的位置取出。',
  'gort.same': 'gort 先进先出的队列在这里也会运行 {g}。',
  'gort.differs': 'gort 的队列先进先出：它在这里会运行 {gort}。',
  park: '{g} 阻塞 [{reason}]：它离开 P，直到有人唤醒它。',
  yield: '{g} 让出（`Gosched`）：`goschedImpl` 把它放到全局队列（`globrunqput`）。',
  exit: '{g} 退出。',
  'exit.main': '{g} 返回：程序退出。',
  'source.explored':
    '本模型在构建网站时录制：gort 按探索调度 {schedule} 运行了这个程序——这是它尝试过的调度里第一个每次选择都与 Go 的 P 相同的。gort 自己先进先出的顺序会作出不同选择的地方，步骤里会写明。',
  'source.default':
    '本模型在构建网站时从 gort 的默认运行录制：每次切换，它运行的都是 Go 的 P 会选的那个 goroutine。',
  listSep: '、',
  sentenceSep: '',
};

const STRINGS: Readonly<Record<LabLocale, Strings>> = { en, 'zh-cn': zh };

export type Words = (key: RunQueueKey, values?: Readonly<Record<string, string | number>>) => string;

/** The model's words in `locale`. */
export function runQueueWords(locale: LabLocale): Words {
  const table = STRINGS[locale];
  if (locale === 'en') return (key, values) => format(table[key], values);
  // No space after a full-width bracket: "G1（main） 开始运行" reads as a gap.
  return (key, values) => format(table[key], values).replace(/） /g, '）');
}

/** A goroutine's name (`G4`, `G1 (main)`). */
export function goroutineName(words: Words, g: number): string {
  return g === 1 ? words('main') : words('g', { g });
}

const list = (words: Words, gs: readonly number[]) =>
  gs.map((g) => goroutineName(words, g)).join(words('listSep'));

function effectSentence(words: Words, effect: Effect): string {
  switch (effect.kind) {
    case 'kicked':
      return words('kicked', { g: goroutineName(words, effect.g) });
    case 'spilled':
      return words('spilled', { gs: list(words, effect.gs) });
    case 'batched':
      return words('batched', { gs: list(words, effect.gs) });
  }
}

/** Where a pick came from, in a few words. */
export function fromWords(words: Words, from: PickFrom): string {
  return words(`from.${from}`);
}

/**
 * The sentences of a step, in order (the event, what it moved, and at a switch how gort compares).
 * `tick0` is the schedtick before the step (the 61st-tick check reads it).
 */
export function stepSentences(words: Words, step: Step, tick0: number): string[] {
  const e = step.event;
  const name = (g: number) => goroutineName(words, g);
  const out: string[] = [];
  switch (e.kind) {
    case 'create':
      out.push(
        e.parent === 0
          ? words('create.main', { g: name(e.g) })
          : words('create', { g: name(e.g), parent: name(e.parent) }),
      );
      break;
    case 'ready':
      out.push(
        e.by === 0
          ? words('ready.timer', { g: name(e.g) })
          : words('ready', { g: name(e.g), by: name(e.by) }),
      );
      break;
    case 'run': {
      const sw = step.switch;
      if (sw === undefined) break;
      const values = { g: name(e.g), tick: step.state.schedtick, tick0 };
      if (sw.actual.from === 'out-of-turn') {
        out.push(
          words('run.out-of-turn', {
            ...values,
            p: sw.p === null ? words('nobody') : name(sw.p.g),
            from: sw.p === null ? '' : fromWords(words, sw.p.from),
          }),
        );
      } else out.push(words(`run.${sw.actual.from}`, values));
      break;
    }
    case 'park':
      out.push(words('park', { g: name(e.g), reason: e.reason }));
      break;
    case 'yield':
      out.push(words('yield', { g: name(e.g) }));
      break;
    case 'exit':
      out.push(words(e.g === 1 ? 'exit.main' : 'exit', { g: name(e.g) }));
      break;
  }
  for (const effect of step.effects) out.push(effectSentence(words, effect));
  const sw = step.switch;
  if (sw !== undefined && e.kind === 'run') {
    out.push(
      sw.gort === e.g
        ? words('gort.same', { g: name(e.g) })
        : words('gort.differs', { gort: sw.gort === null ? words('nobody') : name(sw.gort) }),
    );
  }
  return out;
}
