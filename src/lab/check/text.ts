/**
 * Text in a check report, in both site languages: what a check author writes for each item's name
 * and detail, and what labcheck's own items say.
 *
 * A check runs in the sandbox, which does not know the page's language; so the report carries both
 * and the lab UI shows the page's (the CLI prints English). Invariant: a text without both
 * languages, or with an empty one, is refused with a CheckTextError naming the missing one — inside
 * a check that becomes a failed item, so a lab with a missing translation fails its own solution
 * test instead of showing English on a Chinese page.
 */

/**
 * A sentence in English and Simplified Chinese: `{ en: 'exit status', 'zh-cn': '退出状态' }`.
 *
 * No Go counterpart: a text in English and Chinese, as the site shows both.
 */
export interface CheckText {
  readonly en: string;
  readonly 'zh-cn': string;
}

/**
 * Thrown when a check gives a text that is not `{ en, 'zh-cn' }` with both languages (a mistake in
 * the check, never in the learner's code); `code` is `LABCHECK_TEXT`. No Go counterpart.
 *
 * @example
 * ```ts
 * import { CheckTextError, checkText } from 'labcheck';
 *
 * try {
 *   checkText({ en: 'only English' }, 'the item name');
 * } catch (e) {
 *   if (e instanceof CheckTextError) console.log(e.message); // the item name lacks its "zh-cn" text
 * }
 * ```
 */
export class CheckTextError extends TypeError {
  override readonly name = 'CheckTextError';
  readonly code = 'LABCHECK_TEXT';
}

/**
 * Validates a check author's text (`what` names where it was given, for the message).
 *
 * No Go counterpart (bilingual texts are the site's own).
 *
 * @throws `CheckTextError` when a language is missing (`the item name lacks its "zh-cn" text`).
 *
 * @example
 * ```ts
 * import { checkText } from 'labcheck';
 *
 * const name = checkText({ en: 'exits cleanly', 'zh-cn': '正常退出' }, 'the item name');
 * ```
 */
export function checkText(value: unknown, what: string): CheckText {
  if (typeof value !== 'object' || value === null) {
    throw new CheckTextError(
      `${what} must be { en: '…', 'zh-cn': '…' } (both languages), got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`,
    );
  }
  const { en, 'zh-cn': zh } = value as Partial<Record<keyof CheckText, unknown>>;
  for (const [lang, text] of [
    ['en', en],
    ['zh-cn', zh],
  ] as const) {
    if (typeof text !== 'string' || text.trim() === '') {
      throw new CheckTextError(`${what} lacks its "${lang}" text`);
    }
  }
  return { en: en as string, 'zh-cn': zh as string };
}

/** The same words in both languages: a program's own output or error text (Go's, JavaScript's). */
export function same(text: string): CheckText {
  return { en: text, 'zh-cn': text };
}

/**
 * For check authors: a detail that quotes the program (its first stderr line, a response body),
 * the same in both languages; undefined for blank text, so an empty stderr adds no detail.
 *
 * No Go counterpart (bilingual texts are the site's own).
 *
 * @example
 * ```ts
 * import { verbatim } from 'labcheck';
 *
 * console.log(verbatim('panic: boom')); // { en: 'panic: boom', 'zh-cn': 'panic: boom' }
 * ```
 */
export function verbatim(text: string): CheckText | undefined {
  return text.trim() === '' ? undefined : same(text);
}

/** Joins texts language by language: `join(a, ' (', b, ')')`. Strings are the same in both. */
export function join(...parts: readonly (CheckText | string)[]): CheckText {
  const pick = (lang: keyof CheckText) => parts.map((p) => (typeof p === 'string' ? p : p[lang])).join('');
  return { en: pick('en'), 'zh-cn': pick('zh-cn') };
}

/** labcheck's own sentences; `{n}` placeholders are filled by `say`. */
const MESSAGES = {
  holds: { en: 'expected it to hold, but it did not', 'zh-cn': '预期成立，但实际不成立' },
  equal: { en: 'expected {expected}, got {actual}', 'zh-cn': '期望 {expected}，实际为 {actual}' },
  contains: { en: 'expected {text} to contain {pattern}', 'zh-cn': '期望 {text} 包含 {pattern}' },
  matches: { en: 'expected {text} to match {pattern}', 'zh-cn': '期望 {text} 匹配 {pattern}' },
  finishes: { en: 'the program finishes within {seconds}s', 'zh-cn': '程序在 {seconds} 秒内结束' },
  stillRunning: {
    en: 'it was still running at the time limit (an infinite loop, or a goroutine that never ends?)',
    'zh-cn': '到时间上限时它仍在运行（是否有死循环，或者永不结束的 goroutine？）',
  },
  noUncaught: { en: 'the program runs without an uncaught error', 'zh-cn': '程序运行时没有未捕获的错误' },
  checkFinished: { en: 'the check finished within {seconds}s', 'zh-cn': '检查在 {seconds} 秒内完成' },
  checkWaiting: {
    en: 'it was still waiting on the program at the time limit',
    'zh-cn': '到时间上限时检查仍在等待程序',
  },
  ranToEnd: { en: 'the check ran to its end', 'zh-cn': '检查完整运行结束' },
  checkLoads: { en: 'the check loads', 'zh-cn': '检查代码能够加载' },
  noListen: {
    en: 'service "{service}" did not start listening within {seconds}s',
    'zh-cn': '服务 "{service}" 没有在 {seconds} 秒内开始监听',
  },
  endedBeforeListen: {
    en: 'the program ended (exit status {code}) before service "{service}" listened',
    'zh-cn': '服务 "{service}" 开始监听之前程序就结束了（退出状态 {code}）',
  },
  leakAt: {
    en: 'goroutine {id} ({name}) [{reason}] was still alive when main returned, at {at}',
    'zh-cn': 'main 返回时 goroutine {id}（{name}）[{reason}] 仍未结束，停在 {at}',
  },
  leak: {
    en: 'goroutine {id} ({name}) [{reason}] was still alive when main returned',
    'zh-cn': 'main 返回时 goroutine {id}（{name}）[{reason}] 仍未结束',
  },
  exploreHolds: {
    en: 'it holds in every order the Go scheduler may run the goroutines ({n} schedules tried)',
    'zh-cn': '在 Go 调度器可能采用的每种 goroutine 执行顺序下都成立（尝试了 {n} 种调度）',
  },
  exploreBroke: {
    en: 'schedule {schedule} (number {i} of the {n} tried) breaks it: Go may run the goroutines in that order too. Replay it to watch that run.',
    'zh-cn':
      '调度 {schedule}（尝试的 {n} 种中的第 {i} 种）会让它不成立：Go 同样可能按这个顺序运行这些 goroutine。重放这个调度即可观察那次运行。',
  },
  exitsCleanly: {
    en: 'the program exits with status 0',
    'zh-cn': '程序以退出状态 0 结束',
  },
  noLeaks: {
    en: 'no goroutine is left behind when main returns',
    'zh-cn': 'main 返回时没有遗留的 goroutine',
  },
  noSource: {
    en: 't.source("{file}"): the learner has no file {file}',
    'zh-cn': 't.source("{file}")：学习者的文件里没有 {file}',
  },
  exploreNested: {
    en: 't.explore cannot run inside another t.explore',
    'zh-cn': 't.explore 不能在另一个 t.explore 里面运行',
  },
  needsService: {
    en: 't.fetch("{path}") needs a service: call t.start({ service }) first',
    'zh-cn': 't.fetch("{path}") 需要一个服务：请先调用 t.start({ service })',
  },
} satisfies Record<string, CheckText>;

export function say(
  key: keyof typeof MESSAGES,
  values: Readonly<Record<string, string | number>> = {},
): CheckText {
  const fill = (template: string) =>
    template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  const message = MESSAGES[key];
  return { en: fill(message.en), 'zh-cn': fill(message['zh-cn']) };
}

/**
 * An error that carries its own words for the report (labcheck's failures of `t.start`, `t.fetch`).
 *
 * Go: `t.Fatalf` (ends the check with its message).
 *
 * @example
 * ```ts
 * import { CheckFailure } from 'labcheck';
 *
 * throw new CheckFailure({ en: 'the service never listened', 'zh-cn': '服务始终没有监听' });
 * ```
 */
export class CheckFailure extends Error {
  override readonly name = 'CheckFailure';
  readonly code = 'LABCHECK_FAILURE';
  readonly text: CheckText;

  constructor(text: CheckText) {
    super(text.en);
    this.text = text;
  }
}
