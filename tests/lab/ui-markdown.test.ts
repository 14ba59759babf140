/**
 * Lab instructions render from a small Markdown subset and can never inject markup.
 */
import { describe, expect, it } from 'vitest';
import { renderInstructions } from '../../src/site/lab-markdown.ts';

describe('lab instructions', () => {
  it.each([
    [
      'a paragraph with code, strong and em',
      'Call `wg.wait()` **before** *returning*.',
      '<p>Call <code>wg.wait()</code> <strong>before</strong> <em>returning</em>.</p>',
    ],
    ['two paragraphs', 'one\n\ntwo', '<p>one</p>\n<p>two</p>'],
    ['a bullet list', '- a\n- `b`', '<ul><li>a</li><li><code>b</code></li></ul>'],
    ['a numbered list', '1. a\n2. b', '<ol><li>a</li><li>b</li></ol>'],
    [
      'a link',
      'see [the tour](https://go.dev/tour)',
      '<p>see <a href="https://go.dev/tour">the tour</a></p>',
    ],
    ['snake_case words untouched', 'use wait_group_count', '<p>use wait_group_count</p>'],
  ])('renders %s', (_name, source, html) => {
    expect(renderInstructions(source)).toBe(html);
  });

  it('escapes HTML everywhere, code spans included', () => {
    expect(renderInstructions('<script>alert(1)</script> `<b>`')).toBe(
      '<p>&#60;script&#62;alert(1)&#60;/script&#62; <code>&#60;b&#62;</code></p>',
    );
  });

  it('leaves links to other schemes as text', () => {
    expect(renderInstructions('[x](javascript:alert(1))')).not.toContain('<a');
  });
});

describe('lab instructions, as the labs write them', () => {
  it('lets strong text span code', () => {
    expect(renderInstructions('**Wait in `main`:** use `wg`')).toBe(
      '<p><strong>Wait in <code>main</code>:</strong> use <code>wg</code></p>',
    );
  });
});
