/**
 * src/site/ec-deferred.ts: a long code block ships as its plain text with its highlighted lines
 * encoded as JSON, drawn by the page script when the reader comes near (tests/e2e/code-deferred.spec.ts
 * checks the drawing in a browser). These render real blocks through Expressive Code with the
 * site's plugins, in the site's order.
 */
import { Script, runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ExpressiveCode } from '@astrojs/starlight/expressive-code';
import { toHtml, type Element, type Nodes, type Root } from '@astrojs/starlight/expressive-code/hast';
import { codeBlockSize } from '../../src/site/ec-block-size.ts';
import {
  DECODE_SOURCE,
  DEFER_MIN_LINES,
  DEFERRED_SCRIPT,
  DRAW_EVENT,
  deferLongBlocks,
  encodeLines,
  type EncodedLines,
} from '../../src/site/ec-deferred.ts';
import { dropForegroundTokenSpans } from '../../src/site/ec-foreground-spans.ts';

function program(lines: number): string {
  const body = Array.from(
    { length: lines - 2 },
    (_, i) => `  const v${i} = 'value <${i}>' + ${i}; // line ${i}`,
  );
  return ['function main() {', ...body, '}'].join('\n');
}

async function render(code: string, minLines = DEFER_MIN_LINES) {
  const ec = new ExpressiveCode({
    plugins: [dropForegroundTokenSpans(), codeBlockSize(), deferLongBlocks(minLines)],
  });
  const { renderedGroupAst } = await ec.render({ code, language: 'ts', props: {} });
  return { html: toHtml(renderedGroupAst), ast: renderedGroupAst, ec };
}

function find(node: Root | Element, test: (e: Element) => boolean): Element[] {
  const found: Element[] = [];
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (test(child)) found.push(child);
    found.push(...find(child, test));
  }
  return found;
}

const textOf = (n: Nodes): string =>
  n.type === 'text' ? n.value : 'children' in n ? n.children.map((c) => textOf(c)).join('') : '';

describe('deferLongBlocks', () => {
  it('leaves a block shorter than the threshold drawn as Expressive Code draws it', async () => {
    const code = program(DEFER_MIN_LINES - 1);
    const { ast, html } = await render(code);
    expect(html).not.toContain('data-gcl-deferred');
    expect(html).not.toContain('data-gcl-lines');
    const lines = find(ast, (e) => e.properties['className']?.toString() === 'ec-line');
    expect(lines.map((l) => textOf(l))).toEqual(code.split('\n'));
  });

  it('ships a long block as its exact text and its lines as JSON that decodes to the same HTML', async () => {
    const code = program(DEFER_MIN_LINES);
    const { ast, html } = await render(code);
    const drawn = await (async () => {
      const ec = new ExpressiveCode({ plugins: [dropForegroundTokenSpans(), codeBlockSize()] });
      return (await ec.render({ code, language: 'ts', props: {} })).renderedGroupAst;
    })();
    const [pre] = find(ast, (e) => e.tagName === 'pre');
    const elements = pre!.children.filter((c): c is Element => c.type === 'element');
    expect(elements.map((e) => e.tagName)).toEqual(['code', 'script']);
    const [codeEl, script] = elements as [Element, Element];
    // The document holds one text node: no line or token elements until drawn.
    expect(codeEl.properties['dataGclDeferred']).toBe('');
    expect(codeEl.children).toEqual([{ type: 'text', value: code }]);
    expect(script.properties['type']).toBe('application/json');
    const json = textOf(script);
    expect(json).not.toContain('<');
    // Decoded as the page script does, the lines are exactly the ones Expressive Code drew.
    const decode = runInNewContext(DECODE_SOURCE) as (t: unknown, n: unknown, flat: string) => string;
    const { t, n } = JSON.parse(json) as EncodedLines;
    const [drawnCode] = find(drawn, (e) => e.tagName === 'code');
    expect(decode(t, n, code.replace(/\n/g, ''))).toBe(toHtml(drawnCode!.children));
    expect(find(drawnCode!, (e) => e.tagName === 'span').length).toBeGreaterThan(DEFER_MIN_LINES);
    // Each distinct opening tag is written once.
    expect(new Set(t.map(([open]) => open)).size).toBe(t.length);
    // The frame keeps the other plugins' work: the row count for the skipped height.
    expect(html).toContain(`--gcl-code-rows:${DEFER_MIN_LINES}`);
  });

  it('encodes text as lengths into the plain text and refuses lines that do not hold it', () => {
    const line: Element = {
      type: 'element',
      tagName: 'div',
      properties: { className: ['ec-line'] },
      children: [
        {
          type: 'element',
          tagName: 'span',
          properties: { style: '--0:#fff' },
          children: [{ type: 'text', value: 'a<b' }],
        },
        { type: 'text', value: ' & c' },
      ],
    };
    const encoded = encodeLines([line, line], 'a<b & ca<b & c');
    expect(encoded).toEqual({
      t: [
        ['<div class="ec-line">', 'div'],
        ['<span style="--0:#fff">', 'span'],
      ],
      n: [
        [0, [1, 3], 4],
        [0, [1, 3], 4],
      ],
    });
    const decode = runInNewContext(DECODE_SOURCE) as (t: unknown, n: unknown, flat: string) => string;
    expect(decode(encoded!.t, encoded!.n, 'a<b & ca<b & c')).toBe(toHtml([line, line]));
    // Text that is not the plain text's (an empty line's "\n") is written out.
    const empty: Element = {
      type: 'element',
      tagName: 'div',
      properties: {},
      children: [{ type: 'text', value: '\n' }],
    };
    const withEmpty = encodeLines([line, empty, line], 'a<b & ca<b & c');
    expect(withEmpty?.n[1]).toEqual([2, '\n']);
    expect(decode(withEmpty!.t, withEmpty!.n, 'a<b & ca<b & c')).toBe(toHtml([line, empty, line]));
    expect(encodeLines([line], 'a<b & x')).toBeUndefined();
    expect(encodeLines([line], 'a<b & c and more')).toBeUndefined();
  });

  it('adds its page script and the styles of the plain text once to the page', async () => {
    const { ec } = await render(program(DEFER_MIN_LINES));
    const modules = await ec.getJsModules();
    expect(modules.filter((m) => m.includes('code[data-gcl-deferred]'))).toHaveLength(1);
    const styles = await ec.getBaseStyles();
    expect(styles).toMatch(/pre\.wrap\s*>\s*code\[data-gcl-deferred\]\{[^}]*white-space:\s*pre-wrap/);
  });

  it('has a page script that parses and listens to the draw event', () => {
    expect(() => new Script(DEFERRED_SCRIPT)).not.toThrow();
    expect(DEFERRED_SCRIPT).toContain(`addEventListener('${DRAW_EVENT}'`);
  });
});
