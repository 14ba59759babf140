// Monaco ships no declarations for its TypeScript worker's entry (lab-ts.worker.ts extends it):
// the parts used here, as monaco-editor 0.57's esm/vs/languages/features/typescript/ts.worker.js has them.
declare module 'monaco-editor/languages/features/typescript/ts.worker' {
  /** The TypeScript services module; `typescript` is the whole `ts` namespace. */
  export const ts: { readonly typescript: typeof import('typescript') };
  export class TypeScriptWorker {
    constructor(ctx: unknown, createData: unknown);
    getLanguageService(): import('typescript').LanguageService;
    getSemanticDiagnostics(
      fileName: string,
    ): Promise<Array<{ code: number; messageText: string | object; [key: string]: unknown }>>;
  }
  export function initialize(create: (ctx: unknown, createData: unknown) => TypeScriptWorker): void;
}

// Monaco's TypeScript tokenizer (Monarch), as its language definition module exports it.
declare module 'monaco-editor/languages/definitions/typescript/typescript' {
  export const conf: import('monaco-editor/editor').languages.LanguageConfiguration;
  export const language: import('monaco-editor/editor').languages.IMonarchLanguage;
}

// Every TypeScript lib file Monaco's worker ships, by file name (monaco-slim-plugin.mjs trims it).
declare module 'monaco-editor/languages/features/typescript/lib/lib.js' {
  export const libFileMap: Readonly<Record<string, string>>;
}
