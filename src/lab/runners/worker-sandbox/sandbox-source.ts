/**
 * Assembles the sandbox's source text: the iframe's srcdoc document, whose script carries the
 * linker and, as a string, the worker's script. Each part is a self-contained function turned into
 * text with `Function.prototype.toString`, so the sandbox runs exactly the code that was
 * type-checked and unit-tested here, whatever bundler built the page.
 *
 * Invariant: the text never closes its <script> element early (`</script` and `<!--` are escaped,
 * which is harmless inside the strings, regexes and comments where they can occur).
 */
import { createConsoleFormatter } from './console-format.ts';
import { frameMain } from './frame-main.ts';
import { linkModules } from './link-modules.ts';
import { createOutputBudget } from '../../output-budget.ts';
import { scanImports } from '../../scan-imports.ts';
import { workerMain } from './worker-main.ts';

/** The worker's classic script. */
export function workerSource(): string {
  return `(${workerMain.toString()})(${createConsoleFormatter.toString()}, ${createOutputBudget.toString()});\n`;
}

/** The iframe's script. */
export function frameSource(): string {
  return `(${frameMain.toString()})({ scanImports: ${scanImports.toString()}, linkModules: ${linkModules.toString()}, workerSource: ${JSON.stringify(workerSource())} });\n`;
}

let cached: string | undefined;

/** The iframe's whole document, for `srcdoc`. */
export function sandboxSrcdoc(): string {
  cached ??= `<!doctype html><html><head><meta charset="utf-8"><title>Lab sandbox</title></head><body><script>${frameSource()
    .replace(/<\/script/gi, '<\\/script')
    .replace(/<!--/g, '<\\!--')}</script></body></html>`;
  return cached;
}
