/**
 * The lab editor's TypeScript worker: Monaco's own worker plus one request, `getFloatingPromises`
 * (floating-promises.ts), answered from the same program the editor's diagnostics come from; and
 * semantic diagnostics whose advice about a missing page or Node global is rewritten for the lab
 * (missing-globals.ts).
 *
 * A module worker, so Monaco's `customWorkerPath` (which uses `importScripts`) cannot add the method;
 * instead this entry replaces the worker's start handler with one that creates the subclass.
 * Invariant: every other request and diagnostic is Monaco's, unchanged.
 */
import { initialize, TypeScriptWorker, ts } from 'monaco-editor/languages/features/typescript/ts.worker';
import { findFloatingPromises, type FloatingPromise } from './floating-promises.ts';
import { explainMissingGlobals, workerLocale } from './missing-globals.ts';

const locale = workerLocale(self.name);

class LabTypeScriptWorker extends TypeScriptWorker {
  override async getSemanticDiagnostics(fileName: string) {
    return explainMissingGlobals(await super.getSemanticDiagnostics(fileName), locale);
  }

  // A promise, as every request Monaco proxies to the worker answers.
  getFloatingPromises(fileName: string): Promise<FloatingPromise[]> {
    const program = this.getLanguageService().getProgram();
    return Promise.resolve(program ? findFloatingPromises(ts.typescript, program, fileName) : []);
  }
}

// Set after the import above, whose own handler would create Monaco's plain worker.
self.onmessage = () => {
  initialize((ctx, createData) => new LabTypeScriptWorker(ctx, createData));
};
