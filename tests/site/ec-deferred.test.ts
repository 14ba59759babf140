/**
 * src/site/ec-deferred.ts: a long code block ships as its plain text with its highlighted lines in
 * a template, drawn by the page script when the reader comes near (tests/e2e/code-deferred.spec.ts
 * checks the drawing in a browser). These render real blocks through Expressive Code with the
 * site's plugins, in the site's order.
 */
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ExpressiveCode } from '@astrojs/starlight/expressive-code';
import { toHtml, type Element, type Root } from '@astrojs/starlight/expressive-code/hast';
import { codeBlockSize } from '../../src/site/ec-block-size.ts';
import { DEFER_MIN_LINES, DEFERRED_SCRIPT, DRAW_EVENT, deferLongBlocks } from '../../src/site/ec-deferred.ts';
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

const textOf = (n: Root | Element | Element['children'][number]): string =>
  n.type === 'text' ? n.value : 'children' in n ? n.children.map(textOf).join('') : '';

describe('deferLongBlocks', () => {
  it('leaves a block shorter than the threshold drawn as Expressive Code draws it', async () => {
    const code = program(DEFER_MIN_LINES - 1);
    const [deferred, plain] = await Promise.all([
      render(code),
      (async () => {
        const ec = new ExpressiveCode({ plugins: [dropForegroundTokenSpans(), codeBlockSize()] });
        return toHtml((await ec.render({ code, language: 'ts', props: {} })).renderedGroupAst);
      })(),
    ]);
    expect(deferred.html).toBe(plain);
    expect(deferred.html).not.toContain('data-gcl-deferred');
    expect(deferred.html).toContain('class="ec-line"');
  });

  it('ships a long block as its exact text, its highlighted lines in a template the search skips', async () => {
    const code = program(DEFER_MIN_LINES);
    const { ast, html } = await render(code);
    const [pre] = find(ast, (e) => e.tagName === 'pre');
    const elements = pre!.children.filter((c): c is Element => c.type === 'element');
    expect(elements.map((e) => e.tagName)).toEqual(['code', 'template']);
    const [codeEl, template] = elements as [Element, Element];
    // The document holds one text node: no line or token elements until drawn.
    expect(codeEl.properties['dataGclDeferred']).toBe('');
    expect(codeEl.children).toEqual([{ type: 'text', value: code }]);
    expect(template.properties['dataPagefindIgnore']).toBe('all');
    // The template holds the highlighted lines, whose text is the same code, line by line.
    const lines = find(template.content!, (e) => e.properties['className']?.toString() === 'ec-line');
    expect(lines.map((l) => textOf(l))).toEqual(code.split('\n'));
    expect(
      find(template.content!, (e) => e.tagName === 'span' && e.properties['style'] !== undefined).length,
    ).toBeGreaterThan(DEFER_MIN_LINES);
    // The frame keeps the other plugins' work: the row count for the skipped height.
    expect(html).toContain(`--gcl-code-rows:${DEFER_MIN_LINES}`);
    // Serialized, the template's lines are in the HTML (escaped as text would be).
    expect(html).toMatch(/<template data-pagefind-ignore="all"><div class="ec-line">/);
    expect(html).toContain('value &#x3C;0>');
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
