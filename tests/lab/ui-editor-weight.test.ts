/**
 * What keeps the lab editor light: the declarations a lab's editor loads (`editorPackages`) and the
 * TypeScript libs its worker embeds (`libClosure`, monaco-slim-plugin.mjs), each checked against
 * the real inputs (Monaco's shipped lib files, the lab's compiler options).
 */
import { describe, expect, it } from 'vitest';
import { libFileMap } from 'monaco-editor/languages/features/typescript/lib/lib.js';
import { editorPackages } from '../../src/lab/packages.ts';
import { libClosure } from '../../src/site/monaco-slim-plugin.mjs';
import { LAB_COMPILER_OPTIONS } from '../../src/lab/ui/ts-options.ts';

describe('editorPackages', () => {
  it('gives a concurrency lab gort alone (it used to load gomesh and labcheck declarations too)', () => {
    expect(editorPackages({ services: false, starter: { 'main.ts': "import { go } from 'gort';" } })).toEqual(
      ['gort'],
    );
  });
  it('adds gomesh for a lab that starts services, or whose files import it', () => {
    expect(editorPackages({ services: true, starter: {} })).toEqual(['gort', 'gomesh']);
    expect(
      editorPackages({ services: false, starter: { 'a.ts': "import { mesh } from 'gomesh/http';" } }),
    ).toEqual(['gort', 'gomesh']);
  });
});

describe('libClosure', () => {
  const libs = libClosure(libFileMap, LAB_COMPILER_OPTIONS.lib ?? []);
  it('keeps the named libs and every lib they reference, down to es5', () => {
    for (const name of ['lib.es2022.d.ts', 'lib.es2015.promise.d.ts', 'lib.es5.d.ts']) {
      expect(Object.keys(libs)).toContain(name);
    }
    for (const text of Object.values(libs)) {
      for (const [, ref] of text.matchAll(/^\/\/\/\s*<reference\s+lib="([^"]+)"/gm)) {
        expect(Object.keys(libs)).toContain(`lib.${ref}.d.ts`);
      }
    }
  });
  it('leaves out what the options do not reach (dom, webworker, esnext, scripthost)', () => {
    expect(Object.keys(libs).length).toBeLessThan(Object.keys(libFileMap).length);
    expect(Object.keys(libs)).not.toContain('lib.dom.d.ts');
    expect(Object.keys(libs)).not.toContain('lib.webworker.d.ts');
    expect(Object.keys(libs)).not.toContain('lib.esnext.d.ts');
  });
  it('fails naming a lib Monaco does not ship', () => {
    expect(() => libClosure({}, ['lib.es2099.d.ts'])).toThrow(
      'Monaco ships no TypeScript lib "lib.es2099.d.ts"',
    );
  });
});
