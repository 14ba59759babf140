/**
 * The editor shows a learner's errors 300 ms after an edit instead of Monaco's fixed 500 ms
 * (diagnosticsDelay in src/site/monaco-slim-plugin.mjs). Run against the installed Monaco, so an
 * upgrade that moves or renames the timer fails here, as it fails the build.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diagnosticsDelay, withDiagnosticsDelay } from '../../src/site/monaco-slim-plugin.mjs';

const file = fileURLToPath(
  new URL(
    '../../node_modules/monaco-editor/esm/vs/languages/features/typescript/languageFeatures.js',
    import.meta.url,
  ),
);
const monacoCode = readFileSync(file, 'utf8');

describe('the delay before the editor re-checks the code', () => {
  it('is 300 ms in the installed Monaco’s TypeScript support, and nothing else changes', () => {
    const out = withDiagnosticsDelay(monacoCode, 300);
    expect(out).toContain('window.setTimeout(maybeValidate, 300)');
    expect(out).not.toContain('window.setTimeout(maybeValidate, 500)');
    expect(out.replace('maybeValidate, 300)', 'maybeValidate, 500)')).toBe(monacoCode);
  });

  it('is applied by the Vite plugin to that file only', () => {
    const plugin = diagnosticsDelay(300);
    const transform = plugin.transform as (code: string, id: string) => { code: string } | null;
    expect(transform(monacoCode, file)?.code).toContain('maybeValidate, 300)');
    expect(transform(monacoCode, `${file}?v=1`)?.code).toContain('maybeValidate, 300)');
    expect(transform(monacoCode, '/src/lab/ui/monaco.ts')).toBeNull();
  });

  it('fails, naming the file, when Monaco no longer has the timer', () => {
    expect(() => withDiagnosticsDelay('setTimeout(validate, 500)', 300)).toThrow(/languageFeatures\.js/);
    const twice = `${monacoCode}\nwindow.setTimeout(maybeValidate, 500);`;
    expect(() => withDiagnosticsDelay(twice, 300)).toThrow(/found 2/);
  });
});
