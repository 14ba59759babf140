/**
 * An Expressive Code plugin that tells the page how tall each code block will be before it is drawn.
 * The site CSS skips style and layout of code blocks below the fold (`content-visibility: auto`), and
 * a skipped block is laid out at its `contain-intrinsic-size` until it comes near the viewport. With
 * one fixed guess (12rem) for every block, a lesson's long programs (3,000-9,500 px on a laptop)
 * grew by thousands of pixels as the reader scrolled to them: the scrollbar jumped, and a button
 * the pointer was over moved away under it. This plugin writes the block's row count as the custom
 * property `--gcl-code-rows` on its `<figure>`, and site.css turns rows into a height.
 *
 * Invariants:
 *  - Rows are the block's lines; in a block that wraps (`wrap`, the Go/TypeScript panes), each line
 *    counts the rows it takes at WRAP_COLUMNS columns, keeping its indentation as Expressive Code's
 *    `preserveIndent` does. It is an estimate for the skipped state only: once drawn, the browser
 *    remembers the real size (`auto`), and nothing else reads the property.
 *  - Only a `style` declaration is added to the figure; the code and its highlighting are untouched.
 */
import { definePlugin, type ExpressiveCodePlugin } from '@astrojs/starlight/expressive-code';
import { setInlineStyle } from '@astrojs/starlight/expressive-code/hast';

/**
 * The columns of a wrapping block: a Go or TypeScript pane side by side on a laptop (about 22rem of
 * 0.75rem monospace) or stacked on a phone holds 40 to 45 characters.
 */
export const WRAP_COLUMNS = 40;

/** The rows a line takes when wrapped at `columns`, continuation rows indented like the line. */
export function wrappedRows(line: string, columns: number): number {
  const text = line.replace(/\t/g, '  ').trimEnd();
  const indent = text.length - text.trimStart().length;
  const first = Math.min(text.length, columns);
  const rest = text.length - first;
  if (rest <= 0) return 1;
  const perRow = Math.max(columns - indent, 8);
  return 1 + Math.ceil(rest / perRow);
}

/** The rows a block of `lines` takes: one per line, or wrapped at `columns` when it wraps. */
export function blockRows(lines: readonly string[], wrap: boolean, columns = WRAP_COLUMNS): number {
  if (!wrap) return lines.length;
  return lines.reduce((rows, line) => rows + wrappedRows(line, columns), 0);
}

export function codeBlockSize(): ExpressiveCodePlugin {
  return definePlugin({
    name: 'gcl-code-block-size',
    hooks: {
      postprocessRenderedBlock({ codeBlock, renderData }) {
        const lines = codeBlock.getLines().map((line) => line.text);
        const rows = blockRows(lines, codeBlock.props.wrap === true);
        setInlineStyle(renderData.blockAst, '--gcl-code-rows', String(rows));
      },
    },
  });
}
