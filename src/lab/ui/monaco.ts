/**
 * Monaco for the lab: the editor API with the lab's features (monaco-features.ts), TypeScript
 * language support started on demand, the workers wired for Vite, the lab packages' declarations
 * as extra libs, and themes that match Starlight's Expressive Code colours (Night Owl, dark and
 * light).
 *
 * Loaded only through `import()` from the lab client, so none of it is in a page's initial bundle.
 * Invariants: the environment, themes and extra libs are set up once per page however many labs it
 * has (`loadMonaco()` memoizes); the theme follows `<html data-theme>` as Starlight switches it,
 * and is Monaco's high-contrast one while a lab on the page is in projector mode.
 * Monaco's theme is global, so every editor (the solution's diff view too) takes it from here.
 * Nothing here starts the TypeScript worker (1.1 MB of compiler, gzip): lab models open in
 * `VIEW_LANGUAGE` and become `typescript` through `startTypeScript()` when the learner first works
 * in the editor; by then the declarations of the packages the lab can import are extra libs, so the
 * worker starts once, already knowing them.
 */
import * as monaco from 'monaco-editor/editor';
import './monaco-features.ts';
import 'monaco-editor/languages/definitions/typescript/register';
import * as typescript from 'monaco-editor/languages/features/typescript/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from './lab-ts.worker.ts?worker';
import {
  conf as tsConf,
  language as tsLanguage,
} from 'monaco-editor/languages/definitions/typescript/typescript';
import type { FloatingPromise } from './floating-promises.ts';
import { LAB_COMPILER_OPTIONS, LAB_GLOBALS_FILE } from './ts-options.ts';
import labGlobals from './lab-globals.d.ts?raw';
import { PROJECTOR_ATTRIBUTE } from './projector.ts';

export type Monaco = typeof monaco;

/**
 * TypeScript's colours without TypeScript's worker: for read-only views (the solution's diff), where
 * a `typescript` model would be checked beside the lab's own files (its declarations clash with
 * theirs) and, once disposed, make the worker throw `Could not find source file`; and for the lab's
 * own files until `startTypeScript()`.
 */
export const VIEW_LANGUAGE = 'gcl-typescript-view';

/** What the lab's TypeScript worker answers beyond Monaco's own requests (lab-ts.worker.ts). */
interface LabTypeScriptWorker {
  getFloatingPromises(fileName: string): Promise<FloatingPromise[]>;
}

/**
 * The gort/gomesh calls in `model` whose promise is dropped (floating-promises.ts); the model must
 * be a `typescript` one (after `startTypeScript()`).
 */
export async function floatingPromises(model: monaco.editor.ITextModel): Promise<FloatingPromise[]> {
  const getWorker = await typescript.getTypeScriptWorker();
  const worker = (await getWorker(model.uri)) as unknown as LabTypeScriptWorker;
  return worker.getFloatingPromises(model.uri.toString());
}

// Monaco asks for a worker by label; Vite's `?worker` imports make them real module workers with
// their own chunks (Monaco 0.56+ moved the files, see microsoft/monaco-editor#5155 and #5480). The
// TypeScript one is Monaco's worker plus the lab's floating-promise check (lab-ts.worker.ts).
// Vite's `?worker` constructor takes `{ name }` (vite/client.d.ts; the build passes it to `new
// Worker`); astro/client.d.ts, which the project's types use, declares it without arguments.
const NamedTsWorker = TsWorker as unknown as new (options: { name: string }) => Worker;

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    // The name carries the page's language, for the lab's own diagnostic texts (missing-globals.ts).
    return label === 'typescript' || label === 'javascript'
      ? new NamedTsWorker({ name: `gcl-ts ${document.documentElement.lang}` })
      : new EditorWorker();
  },
};

const THEME_DARK = 'gcl-night-owl-dark';
const THEME_LIGHT = 'gcl-night-owl-light';

/** Reads a Starlight colour variable, so the editor background is the code blocks' background. */
function cssColor(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  // Monaco only takes #rrggbb(aa); Starlight's variables are hex or hsl(), so convert through a canvas.
  if (/^#[0-9a-f]{6}$/i.test(value)) return value;
  if (value === '') return fallback;
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return fallback;
  ctx.fillStyle = fallback;
  ctx.fillStyle = value;
  return /^#[0-9a-f]{6}$/i.test(ctx.fillStyle) ? ctx.fillStyle : fallback;
}

/**
 * Night Owl token colours as Expressive Code shows them in Starlight; a few are darkened or
 * lightened (comments, numbers) to keep a 4.5:1 contrast against the editor background, as
 * Expressive Code's own `minSyntaxHighlightingColorContrast` does.
 */
function defineThemes(): void {
  const darkBg = cssColor('--sl-color-gray-6', '#23262f');
  const lightBg = cssColor('--sl-color-gray-7', '#f6f7f9');
  monaco.editor.defineTheme(THEME_DARK, {
    base: 'vs-dark',
    inherit: true,
    rules: [
      { token: '', foreground: 'd6deeb' },
      { token: 'comment', foreground: '8b9eb0', fontStyle: 'italic' },
      { token: 'string', foreground: 'ecc48d' },
      { token: 'string.escape', foreground: 'f78c6c' },
      { token: 'keyword', foreground: 'c792ea' },
      { token: 'number', foreground: 'f78c6c' },
      { token: 'regexp', foreground: '5ca7e4' },
      { token: 'type.identifier', foreground: 'ffcb8b' },
      { token: 'identifier', foreground: 'd6deeb' },
      { token: 'delimiter', foreground: '7fdbca' },
      { token: 'operator', foreground: '7fdbca' },
    ],
    colors: {
      'editor.background': darkBg,
      'editor.foreground': '#d6deeb',
      'editorLineNumber.foreground': '#8b9eb0',
      'editorLineNumber.activeForeground': '#c5e4fd',
      'editorCursor.foreground': '#80a4c2',
      'editor.selectionBackground': '#1d3b53',
      'editor.lineHighlightBackground': '#ffffff0d',
      // Occurrence highlights (the word under the cursor) as a faint fill plus an outline: Monaco's
      // default fill is dark enough to drop keywords below a 4.5:1 contrast.
      'editor.wordHighlightBackground': '#ffffff12',
      'editor.wordHighlightStrongBackground': '#ffffff12',
      'editor.wordHighlightTextBackground': '#ffffff12',
      'editor.wordHighlightBorder': '#8b9eb0',
      'editor.wordHighlightStrongBorder': '#8b9eb0',
      'editor.wordHighlightTextBorder': '#8b9eb0',
      'editorGutter.background': darkBg,
    },
  });
  monaco.editor.defineTheme(THEME_LIGHT, {
    base: 'vs',
    inherit: true,
    rules: [
      { token: '', foreground: '403f53' },
      { token: 'comment', foreground: '5f6877', fontStyle: 'italic' },
      { token: 'string', foreground: '3a60b0' },
      { token: 'string.escape', foreground: 'aa0982' },
      { token: 'keyword', foreground: '8844ae' },
      { token: 'number', foreground: 'aa0982' },
      { token: 'regexp', foreground: '3a60b0' },
      { token: 'type.identifier', foreground: '0b7a7e' },
      { token: 'identifier', foreground: '403f53' },
      { token: 'delimiter', foreground: '0b7a7e' },
      { token: 'operator', foreground: '0b7a7e' },
    ],
    colors: {
      'editor.background': lightBg,
      'editor.foreground': '#403f53',
      'editorLineNumber.foreground': '#5f6877',
      'editorLineNumber.activeForeground': '#403f53',
      'editorCursor.foreground': '#5f6877',
      'editor.selectionBackground': '#d3e8f8',
      'editor.lineHighlightBackground': '#0000000a',
      'editor.wordHighlightBackground': '#0000000d',
      'editor.wordHighlightStrongBackground': '#0000000d',
      'editor.wordHighlightTextBackground': '#0000000d',
      'editor.wordHighlightBorder': '#5f6877',
      'editor.wordHighlightStrongBorder': '#5f6877',
      'editor.wordHighlightTextBorder': '#5f6877',
      'editorGutter.background': lightBg,
    },
  });
}

function currentTheme(): string {
  const root = document.documentElement;
  // Projector mode (view.ts): Monaco's own high-contrast theme, white on black like the lab around it.
  if (root.hasAttribute(PROJECTOR_ATTRIBUTE)) return 'hc-black';
  return root.dataset['theme'] === 'light' ? THEME_LIGHT : THEME_DARK;
}

/** The lab packages' declarations, each at its node_modules path so `gort/sync` resolves. */
export interface Declarations {
  /** Path relative to the package root folder (`node_modules/gort/sync/index.d.ts`) -> text. */
  readonly [path: string]: string;
}

let setup: Promise<Monaco> | undefined;
const addedLibs = new Set<string>();
/** Where each started lab's declarations come from (the packages that lab can import). */
const declarationSources = new Set<() => Promise<Declarations>>();
let typescriptStarted: Promise<void> | undefined;

/** Monaco, set up for the labs (once per page). */
export function loadMonaco(): Promise<Monaco> {
  setup ??= Promise.resolve().then(() => {
    defineThemes();
    monaco.editor.setTheme(currentTheme());
    monaco.languages.register({ id: VIEW_LANGUAGE });
    monaco.languages.setMonarchTokensProvider(VIEW_LANGUAGE, tsLanguage);
    monaco.languages.setLanguageConfiguration(VIEW_LANGUAGE, tsConf);
    new MutationObserver(() => {
      // Starlight's variables change with the theme too, so redefine before switching.
      defineThemes();
      monaco.editor.setTheme(currentTheme());
    }).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme', PROJECTOR_ATTRIBUTE],
    });
    // Options are set once, before any model exists: each later change restarts the TypeScript
    // worker. The packages' declarations arrive through addDeclarations() before the first model.
    typescript.typescriptDefaults.setCompilerOptions(LAB_COMPILER_OPTIONS);
    typescript.typescriptDefaults.setEagerModelSync(true);
    // The globals lab code has in place of lib.dom (ts-options.ts), before any model too.
    addDeclarations({ [LAB_GLOBALS_FILE]: labGlobals });
    return monaco;
  });
  return setup;
}

/**
 * Adds the packages' `.d.ts` files as extra libs (idempotent per path). Call it before the first
 * model is created (client.ts does), so the TypeScript worker never sees `gort` unresolved.
 */
export function addDeclarations(declarations: Declarations): void {
  const libs = Object.entries(declarations).filter(([path]) => !addedLibs.has(path));
  if (libs.length === 0) return;
  for (const [path] of libs) addedLibs.add(path);
  // One call for all files: each extra-lib change makes the worker re-check every model.
  typescript.typescriptDefaults.setExtraLibs([
    ...Object.entries(typescript.typescriptDefaults.getExtraLibs()).map(([filePath, lib]) => ({
      filePath,
      content: lib.content,
    })),
    ...libs.map(([path, content]) => ({ filePath: `file:///${path}`, content })),
  ]);
}

/**
 * Names where the declarations of one lab's packages come from; `startTypeScript()` fetches them.
 * A lab started after TypeScript is running adds its own at once (the worker re-checks, no restart).
 */
export function useDeclarations(load: () => Promise<Declarations>): void {
  if (declarationSources.has(load)) return;
  declarationSources.add(load);
  if (typescriptStarted) void load().then(addDeclarations, () => undefined);
}

/**
 * Gives `models` TypeScript's language service: fetches the declarations every started lab named
 * (a failed fetch leaves its imports unresolved, flagged, rather than no checking at all), adds
 * them, then switches the models to `typescript`, which loads Monaco's TypeScript mode and starts
 * its worker. The first call per page does the fetching; later calls only switch their models.
 */
export async function startTypeScript(models: readonly monaco.editor.ITextModel[]): Promise<void> {
  typescriptStarted ??= Promise.all(
    [...declarationSources].map((load) => load().catch((): Declarations => ({}))),
  ).then((all) => addDeclarations(Object.assign({}, ...all) as Declarations));
  await typescriptStarted;
  for (const model of models) {
    if (!model.isDisposed() && model.getLanguageId() !== 'typescript') {
      monaco.editor.setModelLanguage(model, 'typescript');
    }
  }
}
