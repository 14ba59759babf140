/**
 * The TypeScript compiler options the lab editor checks learner code with (Monaco's TypeScript
 * worker), kept apart from monaco.ts so a unit test can hand them to the very worker class Monaco
 * runs, in Node, without a browser.
 *
 * Invariants: `lib` holds the lib FILE names Monaco 0.57's worker ships (`lib.es2022.d.ts`), never
 * tsconfig's short names (`es2022`): Monaco passes the options to TypeScript as they are, and
 * TypeScript's program resolves each entry as a file name, so a short name loads no library at all
 * and every `Promise`, `async` and `console` is an error (`Cannot find global type 'Promise'`). The
 * lab packages resolve from `file:///node_modules/<name>/`, where addDeclarations() puts them.
 * No `lib.dom.d.ts`: lab code runs in Node or a Web Worker, never a page, and its globals are those
 * two share, declared in lab-globals.d.ts, which the editor adds as an extra lib named
 * `LAB_GLOBALS_FILE` (lib.dom was half the cost of the worker's first program; see that file).
 */
import type { CompilerOptions } from 'monaco-editor/languages/features/typescript/register';

/** Monaco's enum values (`typescript.ScriptTarget.ES2020` etc.), written out to avoid loading Monaco. */
const ES2020 = 7;
const ES_NEXT_MODULE = 99;
const NODE_RESOLUTION = 2;

export const LAB_COMPILER_OPTIONS: CompilerOptions = {
  target: ES2020,
  module: ES_NEXT_MODULE,
  moduleResolution: NODE_RESOLUTION,
  lib: ['lib.es2022.d.ts'],
  strict: true,
  noEmit: true,
  allowImportingTsExtensions: true,
  isolatedModules: true,
  baseUrl: 'file:///',
  // Bare and subpath imports resolve whatever the packages' package.json `exports` say.
  paths: {
    gort: ['node_modules/gort/index.d.ts'],
    'gort/*': ['node_modules/gort/*/index.d.ts'],
    gomesh: ['node_modules/gomesh/index.d.ts'],
    'gomesh/*': ['node_modules/gomesh/*/index.d.ts'],
    labcheck: ['node_modules/labcheck/index.d.ts'],
  },
};

/** The extra lib's file name (under `file:///`) for lab-globals.d.ts's text. */
export const LAB_GLOBALS_FILE = 'lab-globals.d.ts';
