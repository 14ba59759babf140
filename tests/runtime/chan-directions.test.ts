/**
 * Channel directions (`SendChan`, `RecvChan`): Go's `chan<- T` and `<-chan T` as compile-time views.
 *
 * - Types: fixtures/chan-directions.ts marks every misuse with `// @ts-expect-error` (so the
 *   project's typecheck fails if a view ever accepts one); here the directives are stripped and the
 *   compiler must report exactly one error on each marked line, and none elsewhere.
 * - Run time: a view is the channel itself (no wrapper), so values, close and `ok` flow through
 *   the views exactly as through the channel.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { chan, close, go, type RecvChan, type SendChan } from 'gort';
import { output } from './output.ts';

const repo = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(import.meta.dirname, 'fixtures/chan-directions.ts');
const DIRECTIVE = '// @ts-expect-error -- ';

/** The compiler's errors for `source` (at the fixture's path), as `line: message` (1-based). */
function compile(source: string): string[] {
  const configFile = path.join(repo, 'tsconfig.json');
  const config: unknown = ts.readConfigFile(configFile, (f) => ts.sys.readFile(f)).config;
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, repo, { noEmit: true }, configFile);
  const host = ts.createCompilerHost(parsed.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (f) => (path.normalize(f) === fixture ? source : readFile(f));
  const program = ts.createProgram({ rootNames: [fixture], options: parsed.options, host });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file !== undefined && path.normalize(d.file.fileName) === fixture)
    .map((d) => {
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]}`;
    });
}

describe('channel directions at compile time', () => {
  const lines = readFileSync(fixture, 'utf8').split('\n');
  // Blanking a directive keeps every line number, so a marked line is the one after its directive.
  const stripped = lines.map((l) => (l.trim().startsWith(DIRECTIVE) ? '' : l)).join('\n');
  const marked = lines.flatMap((l, i) => (l.trim().startsWith(DIRECTIVE) ? [i + 2] : []));

  it('accepts the fixture as written (each misuse is expected)', () => {
    expect(compile(lines.join('\n'))).toEqual([]);
  }, 60_000);

  it('rejects every marked misuse of a send-only or receive-only view, and nothing else', () => {
    const errors = compile(stripped);
    expect(marked.length).toBe(15);
    // Several errors may fall on one line (a select's nested call); each marked line has at least one.
    expect([...new Set(errors.map((e) => Number(e.split(':')[0])))]).toEqual(marked);
    // The message the lesson quotes: a receive-only view has no close.
    const closeLine = lines.indexOf('  in_.close();') + 1;
    expect(errors.filter((e) => e.startsWith(`${closeLine}: `))).toEqual([
      `${closeLine}: Property 'close' does not exist on type 'RecvChan<number, number>'.`,
    ]);
  }, 60_000);
});

describe('channel directions at run time', () => {
  it('are the channel itself: values, close and ok pass through both views', async () => {
    const printed = await output(async () => {
      const ch = chan<number>(0, 0);
      const out: SendChan<number> = ch;
      const in_: RecvChan<number, number> = ch;
      expect(out).toBe(ch);
      expect(in_).toBe(ch);
      go(async () => {
        await out.send(1);
        await out.send(2);
        close(out);
      });
      for await (const v of in_) console.log(v);
      console.log(await in_.recv2());
    });
    expect(printed).toBe('1\n2\n[ 0, false ]\n');
  });
});
