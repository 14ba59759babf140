/**
 * The lab editor's type checking, run through the very TypeScript worker Monaco 0.57 runs in the
 * browser (its `tsWorker.js`, in Node) with the editor's compiler options and the packages'
 * declarations as `addDeclarations` hands them over: valid lab code (every lab's starter and
 * solution) shows no error, a type error shows exactly one, and the `lib` option is the reason the
 * global types resolve at all.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLabPackages } from '../../scripts/build-lab-packages.mjs';
import { loadAllLabs } from '../../src/lab/load.ts';
import type * as TS from 'typescript';
import type { LanguageService } from 'typescript';
import { findFloatingPromises } from '../../src/lab/ui/floating-promises.ts';
import { explainMissingGlobals, workerLocale } from '../../src/lab/ui/missing-globals.ts';
import { LAB_COMPILER_OPTIONS, LAB_GLOBALS_FILE } from '../../src/lab/ui/ts-options.ts';

interface Diagnostic {
  readonly code: number;
  readonly start?: number;
  readonly messageText: string | { readonly messageText: string };
}

interface Worker {
  getLanguageService(): LanguageService;
  getSyntacticDiagnostics(fileName: string): Promise<Diagnostic[]>;
  getSemanticDiagnostics(fileName: string): Promise<Diagnostic[]>;
  getQuickInfoAtPosition(
    fileName: string,
    position: number,
  ): Promise<{ displayParts?: Array<{ text: string }> } | undefined>;
}

type WorkerClass = new (
  ctx: { getMirrorModels(): unknown[] },
  data: { compilerOptions: object; extraLibs: Record<string, { content: string; version: number }> },
) => Worker;

// A path in a variable: the file has no type declarations, its shape is the interface above.
const workerModule = 'monaco-editor/languages/features/typescript/tsWorker.js';
const servicesModule = 'monaco-editor/languages/features/typescript/lib/typescriptServices.js';
let TypeScriptWorker: WorkerClass;
/** The TypeScript Monaco's worker runs (its bundled services), as lab-ts.worker.ts hands it over. */
let ts: typeof TS;
let out: string;
const extraLibs: Record<string, { content: string; version: number }> = {};

beforeAll(async () => {
  ({ TypeScriptWorker } = (await import(workerModule)) as { TypeScriptWorker: WorkerClass });
  ({ typescript: ts } = (await import(servicesModule)) as { typescript: typeof TS });
  // The globals in place of lib.dom, under the name monaco.ts gives them.
  extraLibs[`file:///${LAB_GLOBALS_FILE}`] = {
    content: await readFile(new URL('../../src/lab/ui/lab-globals.d.ts', import.meta.url), 'utf8'),
    version: 1,
  };
  out = await mkdtemp(path.join(tmpdir(), 'lab-editor-types-'));
  await buildLabPackages({ outDir: out, log: () => {} });
  const pkgs = path.join(out, 'pkgs');
  const files = await readdir(path.join(pkgs, 'node_modules'), { recursive: true });
  for (const file of files.filter((f) => f.endsWith('.d.ts'))) {
    const rel = `node_modules/${file.split(path.sep).join('/')}`;
    // The same file name addDeclarations gives Monaco.
    extraLibs[`file:///${rel}`] = { content: await readFile(path.join(pkgs, rel), 'utf8'), version: 1 };
  }
});

afterAll(async () => {
  if (out !== undefined) await rm(out, { recursive: true, force: true });
});

/** The file name of the editor model every worker below checks. */
const fileName = 'file:///labs/some/lab/main.ts';

/**
 * Monaco's TypeScript worker holding one model, `code`, as the lab editor sets it up; `siblings` are
 * the lab's other files, models in the same folder as in the editor (a lab of several files imports
 * them as `./limit.ts`).
 */
function workerFor(
  code: string,
  options: object = LAB_COMPILER_OPTIONS,
  siblings: Readonly<Record<string, string>> = {},
): Worker {
  const model = (name: string, text: string) => ({
    uri: { toString: () => `file:///labs/some/lab/${name}`, path: `/labs/some/lab/${name}` },
    version: 1,
    getValue: () => text,
  });
  const models = [
    model('main.ts', code),
    ...Object.entries(siblings)
      .filter(([name]) => name !== 'main.ts')
      .map(([name, text]) => model(name, text)),
  ];
  return new TypeScriptWorker({ getMirrorModels: () => models }, { compilerOptions: options, extraLibs });
}

/** The errors the editor would underline in `code`, as `code: message` lines. */
async function errorsIn(
  code: string,
  options: object = LAB_COMPILER_OPTIONS,
  siblings: Readonly<Record<string, string>> = {},
): Promise<string[]> {
  const worker = workerFor(code, options, siblings);
  const found = [
    ...(await worker.getSyntacticDiagnostics(fileName)),
    ...(await worker.getSemanticDiagnostics(fileName)),
  ];
  return found.map(
    (d) => `${d.code}: ${typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText}`,
  );
}

/** Every lab's TypeScript files of `kind`, as `[<id>/<kind>/<file>, code]`. */
function labFiles(
  labs: Awaited<ReturnType<typeof loadAllLabs>>,
  kind: 'starter' | 'solution',
): Array<[string, string]> {
  return labs.flatMap((lab) =>
    Object.entries(lab[kind])
      .filter(([file]) => file.endsWith('.ts'))
      .map(([file, code]): [string, string] => [`${lab.id}/${kind}/${file}`, code]),
  );
}

const labs = await loadAllLabs();
const allLabFiles = [...labFiles(labs, 'starter'), ...labFiles(labs, 'solution')];

describe('the lab editor’s type checking', () => {
  // One test per file: each type-checks from scratch (a second or more on a busy machine), and with
  // some thirty labs one test for all of them outgrew the test timeout.
  it('has every lab’s starter and solution to check', () => {
    expect(allLabFiles.length).toBeGreaterThanOrEqual(6);
  });

  it.each(allLabFiles)('finds no error in %s', async (name, code) => {
    // The lab's other files of the same kind sit next to it, as in the editor.
    const [section, id, kind] = name.split('/') as [string, string, 'starter' | 'solution'];
    const siblings = labs.find((l) => l.id === `${section}/${id}`)?.[kind] ?? {};
    expect(await errorsIn(code, LAB_COMPILER_OPTIONS, siblings)).toEqual([]);
  });

  it('underlines a deliberate type error, and only that', async () => {
    const code =
      "import { main } from 'gort';\nmain(async () => {\n  const x: number = 'a';\n  console.log(x);\n});\n";
    expect(await errorsIn(code)).toEqual(["2322: Type 'string' is not assignable to type 'number'."]);
  });

  it('knows the packages’ types: a wrong argument to gort’s go is an error', async () => {
    const code = "import { go } from 'gort';\ngo(async (n: number) => console.log(n), 'not a number');\n";
    const errors = await errorsIn(code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^2345: Argument of type 'string' is not assignable/);
  });

  it('shows gort’s declarations on hover', async () => {
    const code = "import { go } from 'gort';\ngo(() => undefined);\n";
    const info = await workerFor(code).getQuickInfoAtPosition(fileName, code.indexOf('go('));
    expect(info?.displayParts?.map((p) => p.text).join('')).toBe(
      '(alias) go<[]>(fn: () => unknown): void\nimport go',
    );
  });

  it('needs lib FILE names: tsconfig’s short names would load no library and flag every Promise', async () => {
    const code = 'export async function f(): Promise<void> {\n  console.log(1);\n}\n';
    expect(await errorsIn(code)).toEqual([]);
    const short = await errorsIn(code, { ...LAB_COMPILER_OPTIONS, lib: ['es2022'] });
    expect(short.join('\n')).toMatch(/Cannot find (global type|name) 'Promise'/);
  });

  it('knows the globals both runners have, and flags the page’s, which neither has', async () => {
    const shared = [
      "const c = new AbortController();\nc.abort('done');\nconsole.log(c.signal.aborted, c.signal.reason);",
      "const u = new URL('/a?b=1', 'http://127.0.0.1:8080');\nconsole.log(u.searchParams.get('b'));",
      'const t = setTimeout(() => undefined, 10);\nclearTimeout(t);\nqueueMicrotask(() => undefined);',
      "console.log(new TextEncoder().encode('hé').length, structuredClone({ a: 1 }), performance.now());",
      'if (process.argv.length > 9) process.exit(process.exitCode ?? 1);',
      'export {};',
    ].join('\n');
    expect(await errorsIn(shared)).toEqual([]);
    expect(await errorsIn("document.title = 'x';\nexport {};\n")).toEqual([
      "2584: Cannot find name 'document'. Do you need to change your target library? Try changing the 'lib' compiler option to include 'dom'.",
    ]);
  });

  it('says in the lab’s words why document and require are missing (TypeScript’s advice: change lib, install @types/node)', async () => {
    const code = "document.title = 'x';\nconst fs: unknown = require('fs');\nexport { fs };\n";
    const raw = await workerFor(code).getSemanticDiagnostics(fileName);
    const texts = (locale: 'en' | 'zh-cn') =>
      explainMissingGlobals(raw, locale).map(
        (d) => `${d.code}: ${typeof d.messageText === 'string' ? d.messageText : '?'}`,
      );
    expect(texts('en')).toEqual([
      "2584: Cannot find name 'document': a lab program runs in Node or a Web Worker, which have no page (no document, window or DOM).",
      "2580: Cannot find name 'require': a lab program imports modules with import, and has the globals Node and a Web Worker share (console, timers, process.argv and process.exit...).",
    ]);
    expect(texts('zh-cn')).toEqual([
      "2584: 找不到名称 'document'：实验程序运行在 Node 或 Web Worker 中，那里没有页面（没有 document、window 或 DOM）。",
      "2580: 找不到名称 'require'：实验程序用 import 导入模块，只有 Node 和 Web Worker 共有的全局对象（console、定时器、process.argv 和 process.exit 等）。",
    ]);
    // The worker's name carries the page's `lang` (monaco.ts): zh-CN on the Chinese pages.
    expect(workerLocale('gcl-ts zh-CN')).toBe('zh-cn');
    expect(workerLocale('gcl-ts en')).toBe('en');
  });
});

/** The dropped gort/gomesh promises in `code`, as `callee@line`. */
function floating(code: string): string[] {
  const program = workerFor(code).getLanguageService().getProgram();
  if (!program) throw new Error('the worker has no program');
  return findFloatingPromises(ts, program, fileName).map((f) => {
    const line = code.slice(0, f.start).split('\n').length;
    return `${f.callee}@${line}`;
  });
}

describe('the floating-promise check (a forgotten await used to pass silently)', () => {
  it('flags gort calls whose promise is neither awaited nor used', () => {
    const code = [
      "import { main, chan } from 'gort';",
      "import { WaitGroup } from 'gort/sync';",
      "import { sleep } from 'gort/time';",
      'main(async () => {',
      '  const wg = new WaitGroup();',
      '  const ping = chan<number>();',
      '  wg.wait();',
      '  ping.send(1);',
      '  (sleep(5));',
      '  await wg.wait();',
      '  void ping.recv();',
      '  const later = ping.recv();',
      '  await later;',
      '});',
      '',
    ].join('\n');
    expect(floating(code)).toEqual(['wg.wait@7', 'ping.send@8', 'sleep@9']);
  });

  it('knows the promise by its type and declaration, not by its name', () => {
    const code = [
      "import { main } from 'gort';",
      'const wg = { wait: async () => 1 };',
      'async function send(n: number) { return n; }',
      'main(async () => {',
      '  wg.wait();',
      '  send(1);',
      '});',
      '',
    ].join('\n');
    expect(floating(code)).toEqual([]);
  });

  it('flags gomesh calls too, and never main or go (which return nothing)', () => {
    const code = [
      "import { main, go } from 'gort';",
      "import { get } from 'gomesh';",
      'main(async () => {',
      '  go(async () => undefined);',
      "  get('http://users/');",
      '});',
      '',
    ].join('\n');
    expect(floating(code)).toEqual(['get@5']);
  });

  it.each(allLabFiles)('finds nothing in %s', (_name, code) => {
    expect(floating(code)).toEqual([]);
  });
});
