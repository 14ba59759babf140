/**
 * Every string the lab UI shows, in English and Simplified Chinese.
 *
 * Invariants: `en` defines the key set (`LabStringKey`); every other locale is typed as
 * `Record<LabStringKey, string>`, so a key missing from a translation fails the typecheck. Strings
 * with `{name}` placeholders are filled by `format()`; a placeholder left unfilled stays visible
 * rather than silently disappearing. The server component and the client share this one module.
 */

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
  'lab.reason.boot-failed': 'the WebContainer failed to start ({message})',
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
    'Your edits to every file of this lab are replaced by the starter code. This cannot be undone.',
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
  'lab.reason.boot-failed': 'WebContainer 启动失败（{message}）',
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
  'lab.reset.body': '本实验所有文件中你的修改都会被初始代码替换，且无法撤销。',
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
};

export type LabLocale = 'en' | 'zh-cn';

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
