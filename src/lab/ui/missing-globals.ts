/**
 * TypeScript's advice for a name a lab program cannot have, rewritten for the lab: for `document`
 * or `window` it says "include 'dom' in the 'lib' option", for `require` or `Buffer` "install
 * @types/node", neither of which a learner can do or should: the program runs in Node or a Web
 * Worker (lab-globals.d.ts), so the message says that instead, in the page's language. Used by the
 * editor's TypeScript worker (lab-ts.worker.ts) on the diagnostics it returns; every other
 * diagnostic is unchanged (TypeScript's own messages are English on both locales' pages).
 */

/** TypeScript's codes: "Cannot find name 'x'. Do you need to change your target library? ... 'dom'" and the @types/node pair. */
const PAGE_ONLY = 2584;
const NODE_TYPES = new Set([2580, 2591]);

interface Diagnostic {
  readonly code: number;
  readonly messageText: string | object;
}

export type MissingGlobalsLocale = 'en' | 'zh-cn';

const TEXTS: Record<MissingGlobalsLocale, { page: string; node: string }> = {
  en: {
    page: "Cannot find name '{name}': a lab program runs in Node or a Web Worker, which have no page (no document, window or DOM).",
    node: "Cannot find name '{name}': a lab program imports modules with import, and has the globals Node and a Web Worker share (console, timers, process.argv and process.exit...).",
  },
  'zh-cn': {
    page: "找不到名称 '{name}'：实验程序运行在 Node 或 Web Worker 中，那里没有页面（没有 document、window 或 DOM）。",
    node: "找不到名称 '{name}'：实验程序用 import 导入模块，只有 Node 和 Web Worker 共有的全局对象（console、定时器、process.argv 和 process.exit 等）。",
  },
};

/** The locale the editor's worker was started for: its name ends with the page's `lang` (monaco.ts). */
export function workerLocale(workerName: string): MissingGlobalsLocale {
  return /zh/i.test(workerName) ? 'zh-cn' : 'en';
}

export function explainMissingGlobals<D extends Diagnostic>(
  diagnostics: readonly D[],
  locale: MissingGlobalsLocale,
): D[] {
  return diagnostics.map((d) => {
    if (typeof d.messageText !== 'string' || (d.code !== PAGE_ONLY && !NODE_TYPES.has(d.code))) return d;
    const name = /'([^']+)'/.exec(d.messageText)?.[1] ?? '?';
    const text = TEXTS[locale][d.code === PAGE_ONLY ? 'page' : 'node'];
    return { ...d, messageText: text.replace('{name}', name) };
  });
}
