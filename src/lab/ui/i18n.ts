/**
 * Every string the lab UI shows, in English and Simplified Chinese.
 *
 * Invariants: `en` defines the key set (`LabStringKey`); every other locale is typed as
 * `Record<LabStringKey, string>`, so a key missing from a translation fails the typecheck. Strings
 * with `{name}` placeholders are filled by `format()`; a placeholder left unfilled stays visible
 * rather than silently disappearing. The server component and the client share this one module.
 */

import type { LabLocale } from '../schema.ts';

const en = {
  'lab.start': 'Start lab',
  'lab.startHint': 'Loads the editor and the terminal. Nothing runs until you press Run.',
  'lab.loading': 'Loading the editor…',
  'lab.loadFailed': 'The lab could not load: {message}',
  'lab.label': 'Lab: {title}',
  'lab.files': 'Files',
  'lab.editor': 'Code editor for {file}',
  'lab.terminal': 'Program output',
  'lab.toolbar': 'Lab controls',
  'lab.run': 'Run',
  'lab.stop': 'Stop',
  'lab.reset': 'Reset',
  'lab.check': 'Check',
  'lab.solution': 'Solution',
  'lab.share': 'Share',
  'lab.shortcuts':
    'Ctrl/⌘+Enter runs · Esc or Ctrl+. stops · Ctrl+M switches Tab between indenting and moving focus',
  'lab.status.idle': 'Ready.',
  'lab.status.preparing': 'Preparing the run…',
  'lab.status.booting':
    'Starting the WebContainer… if it does not start within {seconds} s, the lab uses the in-browser sandbox.',
  'lab.status.bootingRun':
    'Waiting for the WebContainer to start… your program runs as soon as it does, or in the in-browser sandbox if it does not start within {seconds} s.',
  'lab.status.startingSandbox': 'Starting the in-browser sandbox…',
  'lab.status.running': 'Running…',
  'lab.status.checking': 'Checking your program…',
  'lab.status.exited': 'Finished with exit status {code}.',
  'lab.status.stopped': 'Stopped.',
  'lab.status.timeout': 'Stopped: the program ran longer than {seconds} s.',
  'lab.status.outputLimit': 'Stopped: the program printed more than {kb} KB.',
  'lab.status.syntaxError': 'Syntax error in {file} at line {line}, column {column}.',
  'lab.status.failed': 'The run could not start: {message}',
  'lab.status.checkPassed': 'Check passed: all {total} items.',
  'lab.status.checkFailed': 'Check failed: {failed} of {total} items.',
  'lab.runner.pending': 'Runner: not started yet.',
  'lab.runner.useSandbox': 'Use the sandbox now',
  'lab.runner.webcontainer': 'Programs run in a WebContainer (Node.js in your browser).',
  'lab.runner.worker': 'Programs run in the in-browser sandbox.',
  'lab.runner.workerBecause': 'Programs run in the in-browser sandbox: {reason}.',
  'lab.runner.node': 'Programs run in Node.js.',
  'lab.runner.choose': 'Runner',
  'lab.runner.auto': 'Automatic (WebContainer if possible)',
  'lab.runner.sandbox': 'In-browser sandbox',
  'lab.reason.not-isolated': 'the WebContainer could not start (this page is not cross-origin isolated)',
  'lab.reason.unsupported-browser': 'the WebContainer cannot run in this browser',
  'lab.reason.boot-timeout': 'the WebContainer did not start in time',
  'lab.reason.boot-failed': 'the WebContainer failed to start',
  'lab.reason.unreachable':
    'StackBlitz, where the WebContainer comes from, cannot be reached (offline, or blocked by the network or a browser extension)',
  'lab.reason.sandbox-failed': 'the in-browser sandbox did not start',
  'lab.reason.spawn-failed': 'Node.js could not be started',
  'lab.terminal.exit': 'exit status {code}',
  'lab.terminal.checked': 'check: {passed} of {total} passed, see the report below',
  'lab.terminal.stopped': 'stopped',
  'lab.terminal.capped': 'Output capped at {kb} KB: the rest was dropped and the program was stopped.',
  'lab.check.title': 'Check report',
  'lab.check.passed': 'All checks passed.',
  'lab.check.failed': '{failed} of {total} checks failed.',
  'lab.check.pass': 'passed',
  'lab.check.fail': 'failed',
  'lab.check.none': 'The check ended without a report (exit status {code}).',
  'lab.progress.done': 'Checks passed',
  'lab.listen': 'Service {name} is listening at {url}',
  'lab.request.title': 'Send a request',
  'lab.request.path': 'Path',
  'lab.request.send': 'Send GET',
  'lab.request.noService': 'Run the program first: no service is listening.',
  'lab.request.error': 'Request failed: {message}',
  'lab.preview.title': 'Preview',
  'lab.preview.frame': 'Preview of the {name} service on port {port}',
  'lab.preview.frameUnnamed': 'Preview of the program’s server on port {port}',
  'lab.preview.address': 'Address:',
  'lab.preview.open': 'Open in a new tab',
  'lab.preview.path': 'Path in the preview',
  'lab.preview.go': 'Go',
  'lab.preview.close': 'Close preview',
  'lab.preview.offServer': 'Enter a path on this server, such as /users/2.',
  'lab.reset.title': 'Reset this lab?',
  'lab.reset.body':
    'Your edits to every file of this lab are replaced by the starter code, and its “checks passed” mark is removed. This cannot be undone.',
  'lab.reset.confirm': 'Reset to starter',
  'lab.cancel': 'Cancel',
  'lab.close': 'Close',
  'lab.solution.title': 'Your code (left) and the solution (right)',
  'lab.solution.use': 'Replace my code with the solution',
  'lab.solution.file': 'File shown in the comparison',
  'lab.share.copied': 'Link copied. Anyone who opens it sees your code for this lab.',
  'lab.share.ready': 'Copy this link to share your code:',
  'lab.share.tooLong': 'Your code is too large for a link ({kb} KB compressed).',
  'lab.notice.storageUnavailable':
    'Your browser does not let this page save data, so edits are kept only until you leave the page. The lab still runs.',
  'lab.notice.storageFull':
    'Browser storage is full, so your latest edits were not saved. The lab still runs.',
  'lab.notice.shared':
    'Showing code from a shared link. Your own saved edits are kept until you change this code.',
  'lab.notice.sharedBack': 'Back to my saved version',
  'lab.notice.malformedLink':
    'The shared link is damaged or incomplete ({reason}), so it was ignored and your code was loaded instead.',
  'lab.notice.restored': 'Restored your saved edits.',
  'lab.link.escape': 'it contains a broken escape sequence',
  'lab.link.no-id': 'it does not name a lab',
  'lab.link.no-code': 'it carries no code',
  'lab.link.base64': 'its code is not valid base64url',
  'lab.link.too-large': 'its code is too large',
  'lab.link.decompress': 'its code cannot be decompressed',
  'lab.link.json': 'its code is not readable JSON',
  'lab.link.files': 'it does not hold a set of files',
  'lab.notice.dismiss': 'Dismiss',
  'lab.failed.syntax': 'The syntax error is at {file} line {line}, marked in the editor.',
  'lab.failed.panic': 'It panicked at {file} line {line}, marked in the editor.',
  'lab.failed.error': 'The uncaught error was thrown at {file} line {line}, marked in the editor.',
  'lab.failed.import': 'The import at {file} line {line} cannot be found; the line is marked in the editor.',
  'lab.failed.deadlock': 'main is blocked at {file} line {line}, marked in the editor.',
  'lab.lint.floating':
    '{callee}(…) returns a promise that nothing waits for: put `await` in front of it, or the program goes on before it is done.',
  'lab.terminal.codeProblems':
    'your code has {count} error(s) underlined in the editor, the first at {file}:{line}:{column}: {message} — running it anyway',
  'lab.panels': 'Output',
  'lab.panel.output': 'Terminal',
  'lab.panel.requests': 'Requests',
  'lab.check.stale': 'You changed the code after this check: press Check again.',
  'lab.notice.upgrade':
    'The WebContainer (Node.js in your browser) is ready now. Your code and output stay as they are; the next run can use it.',
  'lab.notice.upgradeAccept': 'Use the WebContainer',
  'lab.solution.titleInline': 'Your code (removed lines) and the solution (added lines)',
  'lab.savedEdits': 'You have saved edits for this lab: Start lab opens them.',
  'lab.sharedCode': 'This link carries someone’s code for this lab: it opens when the lab starts.',
  'sidebar.completed': 'completed',
  'progress.caption': 'Your labs in this browser',
  'progress.lab': 'Lab',
  'progress.lesson': 'Lesson',
  'progress.state': 'State',
  'progress.state.loading': 'Reading…',
  'progress.state.none': 'Not started',
  'progress.state.edited': 'Edited (saved {when})',
  'progress.state.passed': 'Passed on {when}',
  'progress.storageOff':
    'This browser does not let the site store anything, so no progress is kept here: Import and Reset all are off.',
  'progress.export': 'Export progress',
  'progress.exported': 'Downloaded {file} with {count} lab(s).',
  'progress.import': 'Import progress',
  'progress.importing': 'Reading {file}…',
  'progress.imported': 'Imported {file}. Saved code: {edits}. Check results: {progress}.',
  'progress.importSkipped': 'Skipped, not on this site: {labs}.',
  'progress.importUnavailable': 'Nothing was imported: this browser does not let the site store anything.',
  'progress.importFull':
    'Nothing was imported: the browser’s storage for this site is full. Your progress is as it was.',
  'progress.none': 'none',
  'progress.error': '{file} was not imported: {problem}. Nothing was changed.',
  'progress.error.too-large': 'it is larger than 10 MB, far more than any progress file',
  'progress.error.not-json': 'it is not JSON',
  'progress.error.not-progress-file': 'it is not a Go Concurrency Labs progress file',
  'progress.error.newer-version': 'it was written by a newer version of this site',
  'progress.error.unknown-field': 'it has an unknown field "{field}"',
  'progress.error.missing-field': 'the field "{field}" is missing',
  'progress.error.wrong-value': 'the field "{field}" holds a value of the wrong kind',
  'progress.error.read-failed': 'the browser could not read the file',
  'progress.reset': 'Reset all…',
  'progress.reset.title': 'Reset all progress?',
  'progress.reset.lead': 'This deletes from this browser:',
  'progress.reset.edits': 'your saved code for {labs}',
  'progress.reset.progress': 'the check results for {labs}',
  'progress.reset.keep':
    'Your runner choice is kept. This cannot be undone: export your progress first to keep a copy.',
  'progress.reset.nothing':
    'There is nothing to reset: no lab has saved code or check results in this browser.',
  'progress.reset.confirm': 'Delete all progress',
  'progress.reset.done': 'All progress was deleted.',
  'progress.reset.failed': 'Some progress could not be deleted: this browser refused to change its storage.',
  'progress.cancel': 'Cancel',
  'progress.close': 'Close',
  // Schedule exploration: replaying the schedule a check's t.explore reported.
  'lab.replay.button': 'Replay this schedule',
  'lab.replay.label':
    'Replay schedule {schedule}: run your code with the goroutines in the order that broke this item',
  'lab.replay.note': 'replaying schedule {schedule}: the goroutines run in the order that broke the check',
} as const;

export type LabStringKey = keyof typeof en;
export type LabStrings = Readonly<Record<LabStringKey, string>>;

const zhCN: LabStrings = {
  'lab.start': '开始实验',
  'lab.startHint': '加载编辑器和终端。按下“运行”之前不会执行任何代码。',
  'lab.loading': '正在加载编辑器…',
  'lab.loadFailed': '实验无法加载：{message}',
  'lab.label': '实验：{title}',
  'lab.files': '文件',
  'lab.editor': '{file} 的代码编辑器',
  'lab.terminal': '程序输出',
  'lab.toolbar': '实验控制',
  'lab.run': '运行',
  'lab.stop': '停止',
  'lab.reset': '重置',
  'lab.check': '检查',
  'lab.solution': '答案',
  'lab.share': '分享',
  'lab.shortcuts': 'Ctrl/⌘+Enter 运行 · Esc 或 Ctrl+. 停止 · Ctrl+M 切换 Tab 键用于缩进或移动焦点',
  'lab.status.idle': '就绪。',
  'lab.status.preparing': '正在准备运行…',
  'lab.status.booting': '正在启动 WebContainer…如果 {seconds} 秒内没有启动，实验会改用浏览器内的沙箱。',
  'lab.status.bootingRun':
    '正在等待 WebContainer 启动…启动后会立刻运行你的程序；如果 {seconds} 秒内没有启动，就改在浏览器内的沙箱中运行。',
  'lab.status.startingSandbox': '正在启动浏览器内的沙箱…',
  'lab.status.running': '运行中…',
  'lab.status.checking': '正在检查你的程序…',
  'lab.status.exited': '已结束，退出状态 {code}。',
  'lab.status.stopped': '已停止。',
  'lab.status.timeout': '已停止：程序运行超过 {seconds} 秒。',
  'lab.status.outputLimit': '已停止：程序输出超过 {kb} KB。',
  'lab.status.syntaxError': '{file} 第 {line} 行第 {column} 列有语法错误。',
  'lab.status.failed': '无法开始运行：{message}',
  'lab.status.checkPassed': '检查通过：全部 {total} 项。',
  'lab.status.checkFailed': '检查未通过：{total} 项中有 {failed} 项失败。',
  'lab.runner.pending': '运行环境：尚未启动。',
  'lab.runner.useSandbox': '立即改用沙箱',
  'lab.runner.webcontainer': '程序在 WebContainer（浏览器中的 Node.js）中运行。',
  'lab.runner.worker': '程序在浏览器内的沙箱中运行。',
  'lab.runner.workerBecause': '程序在浏览器内的沙箱中运行：{reason}。',
  'lab.runner.node': '程序在 Node.js 中运行。',
  'lab.runner.choose': '运行环境',
  'lab.runner.auto': '自动（尽量使用 WebContainer）',
  'lab.runner.sandbox': '浏览器内沙箱',
  'lab.reason.not-isolated': 'WebContainer 无法启动（本页面未启用跨源隔离）',
  'lab.reason.unsupported-browser': '此浏览器无法运行 WebContainer',
  'lab.reason.boot-timeout': 'WebContainer 未能及时启动',
  'lab.reason.boot-failed': 'WebContainer 启动失败',
  'lab.reason.unreachable': '无法连接 WebContainer 所在的 StackBlitz（可能已离线，或被网络、浏览器扩展拦截）',
  'lab.reason.sandbox-failed': '浏览器内的沙箱未能启动',
  'lab.reason.spawn-failed': '无法启动 Node.js',
  'lab.terminal.exit': '退出状态 {code}',
  'lab.terminal.checked': '检查：{total} 项中通过 {passed} 项，详见下方报告',
  'lab.terminal.stopped': '已停止',
  'lab.terminal.capped': '输出已达上限 {kb} KB：其余输出被丢弃，程序已停止。',
  'lab.check.title': '检查报告',
  'lab.check.passed': '全部检查通过。',
  'lab.check.failed': '{total} 项检查中有 {failed} 项未通过。',
  'lab.check.pass': '通过',
  'lab.check.fail': '未通过',
  'lab.check.none': '检查结束但没有报告（退出状态 {code}）。',
  'lab.progress.done': '检查已通过',
  'lab.listen': '服务 {name} 正在监听 {url}',
  'lab.request.title': '发送请求',
  'lab.request.path': '路径',
  'lab.request.send': '发送 GET',
  'lab.request.noService': '请先运行程序：当前没有服务在监听。',
  'lab.request.error': '请求失败：{message}',
  'lab.preview.title': '预览',
  'lab.preview.frame': '{name} 服务（端口 {port}）的预览',
  'lab.preview.frameUnnamed': '程序服务器（端口 {port}）的预览',
  'lab.preview.address': '地址：',
  'lab.preview.open': '在新标签页中打开',
  'lab.preview.path': '预览中的路径',
  'lab.preview.go': '前往',
  'lab.preview.close': '关闭预览',
  'lab.preview.offServer': '请输入这个服务器上的路径，例如 /users/2。',
  'lab.reset.title': '重置这个实验？',
  'lab.reset.body': '本实验所有文件中你的修改都会被初始代码替换，“检查已通过”标记也会移除，且无法撤销。',
  'lab.reset.confirm': '重置为初始代码',
  'lab.cancel': '取消',
  'lab.close': '关闭',
  'lab.solution.title': '你的代码（左）与参考答案（右）',
  'lab.solution.use': '用参考答案替换我的代码',
  'lab.solution.file': '对比的文件',
  'lab.share.copied': '链接已复制。打开它的人会看到你在本实验中的代码。',
  'lab.share.ready': '复制此链接来分享你的代码：',
  'lab.share.tooLong': '代码太大，无法放进链接（压缩后 {kb} KB）。',
  'lab.notice.storageUnavailable': '浏览器不允许本页面保存数据，修改只会保留到你离开本页。实验仍可运行。',
  'lab.notice.storageFull': '浏览器存储已满，最新的修改没有保存。实验仍可运行。',
  'lab.notice.shared': '正在显示分享链接中的代码。在你修改这段代码之前，你自己保存的修改会保留。',
  'lab.notice.sharedBack': '回到我保存的版本',
  'lab.notice.malformedLink': '分享链接已损坏或不完整（{reason}），已忽略，并载入了你的代码。',
  'lab.notice.restored': '已恢复你保存的修改。',
  'lab.link.escape': '包含错误的转义序列',
  'lab.link.no-id': '没有指明实验',
  'lab.link.no-code': '不包含代码',
  'lab.link.base64': '代码不是有效的 base64url',
  'lab.link.too-large': '代码太大',
  'lab.link.decompress': '代码无法解压',
  'lab.link.json': '代码不是可读的 JSON',
  'lab.link.files': '不包含文件集合',
  'lab.notice.dismiss': '关闭提示',
  'lab.failed.syntax': '语法错误位于 {file} 第 {line} 行，已在编辑器中标出。',
  'lab.failed.panic': '程序在 {file} 第 {line} 行发生 panic，已在编辑器中标出。',
  'lab.failed.error': '未捕获的错误在 {file} 第 {line} 行抛出，已在编辑器中标出。',
  'lab.failed.import': '{file} 第 {line} 行的 import 找不到对应模块，该行已在编辑器中标出。',
  'lab.failed.deadlock': 'main 阻塞在 {file} 第 {line} 行，已在编辑器中标出。',
  'lab.lint.floating':
    '{callee}(…) 返回的 promise 没有被等待：请在前面加上 `await`，否则程序不会等它完成就继续执行。',
  'lab.terminal.codeProblems':
    '你的代码中有 {count} 处错误（编辑器中已用下划线标出），第一处在 {file}:{line}:{column}：{message}——仍然运行',
  'lab.panels': '输出',
  'lab.panel.output': '终端',
  'lab.panel.requests': '请求',
  'lab.check.stale': '这次检查之后你修改了代码：请再按一次“检查”。',
  'lab.notice.upgrade':
    'WebContainer（浏览器中的 Node.js）现已就绪。你的代码和输出保持不变；下一次运行可以使用它。',
  'lab.notice.upgradeAccept': '使用 WebContainer',
  'lab.solution.titleInline': '你的代码（删除的行）与参考答案（新增的行）',
  'lab.savedEdits': '你在本实验中有已保存的修改：点击“开始实验”即可打开。',
  'lab.sharedCode': '这个链接带有别人为本实验写的代码：实验开始时会打开它。',
  'sidebar.completed': '已完成',
  'progress.caption': '你在此浏览器中的实验',
  'progress.lab': '实验',
  'progress.lesson': '课程',
  'progress.state': '状态',
  'progress.state.loading': '读取中…',
  'progress.state.none': '尚未开始',
  'progress.state.edited': '已修改（保存于 {when}）',
  'progress.state.passed': '已于 {when} 通过',
  'progress.storageOff': '此浏览器不允许本站存储数据，所以这里不会保存任何进度；“导入”和“全部重置”不可用。',
  'progress.export': '导出进度',
  'progress.exported': '已下载 {file}，包含 {count} 个实验。',
  'progress.import': '导入进度',
  'progress.importing': '正在读取 {file}…',
  'progress.imported': '已导入 {file}。保存的代码：{edits}。检查结果：{progress}。',
  'progress.importSkipped': '本站没有这些实验，已跳过：{labs}。',
  'progress.importUnavailable': '没有导入任何内容：此浏览器不允许本站存储数据。',
  'progress.importFull': '没有导入任何内容：浏览器为本站保留的存储空间已满。你的进度保持原样。',
  'progress.none': '无',
  'progress.error': '{file} 未导入：{problem}。没有任何改动。',
  'progress.error.too-large': '文件超过 10 MB，远大于任何进度文件',
  'progress.error.not-json': '它不是 JSON',
  'progress.error.not-progress-file': '它不是 Go 并发实验室的进度文件',
  'progress.error.newer-version': '它由更新版本的本站导出',
  'progress.error.unknown-field': '其中有未知字段“{field}”',
  'progress.error.missing-field': '缺少字段“{field}”',
  'progress.error.wrong-value': '字段“{field}”的值类型不对',
  'progress.error.read-failed': '浏览器无法读取该文件',
  'progress.reset': '全部重置…',
  'progress.reset.title': '要重置全部进度吗？',
  'progress.reset.lead': '这会从此浏览器中删除：',
  'progress.reset.edits': '你为这些实验保存的代码：{labs}',
  'progress.reset.progress': '这些实验的检查结果：{labs}',
  'progress.reset.keep': '你选择的运行环境会保留。此操作无法撤销：想留一份副本，请先导出进度。',
  'progress.reset.nothing': '没有可重置的内容：此浏览器中没有任何实验的已保存代码或检查结果。',
  'progress.reset.confirm': '删除全部进度',
  'progress.reset.done': '全部进度已删除。',
  'progress.reset.failed': '部分进度未能删除：此浏览器拒绝修改其存储。',
  'progress.cancel': '取消',
  'progress.close': '关闭',
  // Schedule exploration: replaying the schedule a check's t.explore reported.
  'lab.replay.button': '重放这个调度',
  'lab.replay.label': '重放调度 {schedule}：让 goroutine 按使这一项失败的顺序运行你的代码',
  'lab.replay.note': '正在重放调度 {schedule}：goroutine 按使检查失败的顺序运行',
};

export type { LabLocale };

const dictionaries: Readonly<Record<LabLocale, LabStrings>> = { en, 'zh-cn': zhCN };

/** Maps a page locale (Starlight's `undefined` for root, `zh-cn`, a BCP-47 tag) to a dictionary. */
export function labLocale(locale: string | undefined): LabLocale {
  return locale?.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en';
}

/** What `pageLocale` reads of a component's `Astro` global. */
export interface PageLocaleSource {
  readonly locals: object;
  readonly currentLocale: string | undefined;
}

/**
 * The locale of the page a component renders on (pass `Astro`): Starlight's route language, or on a
 * page Starlight does not render — where reading `locals.starlightRoute` throws — Astro's own.
 */
export function pageLocale(astro: PageLocaleSource): LabLocale {
  let lang: string | undefined;
  try {
    lang = (astro.locals as { starlightRoute?: { lang?: string } }).starlightRoute?.lang;
  } catch {
    lang = undefined;
  }
  return labLocale(lang ?? astro.currentLocale);
}

export function labStrings(locale: LabLocale): LabStrings {
  return dictionaries[locale];
}

/** Fills `{name}` placeholders; unknown placeholders are kept so a missing value is visible. */
export function format(template: string, values: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** A translator bound to one locale: `t('lab.status.exited', { code: 0 })`. */
export type Translate = (key: LabStringKey, values?: Readonly<Record<string, string | number>>) => string;

export function translator(locale: LabLocale): Translate {
  const strings = labStrings(locale);
  return (key, values) => format(strings[key], values);
}
