/**
 * The rows src/site/ec-block-size.ts counts for a code block before it is drawn: what site.css turns
 * into the height a skipped block takes. The e2e suite (code-block-size.spec.ts) compares the result
 * with drawn blocks; these pin the counting rules.
 */
import { describe, expect, it } from 'vitest';
import { WRAP_COLUMNS, blockRows, wrappedRows } from '../../src/site/ec-block-size.ts';

describe('wrappedRows', () => {
  it('counts a line that fits, an empty line and trailing blanks as one row', () => {
    expect(wrappedRows('', 40)).toBe(1);
    expect(wrappedRows('x'.repeat(40), 40)).toBe(1);
    expect(wrappedRows(`${'x'.repeat(40)}    `, 40)).toBe(1);
  });

  it('adds a row for each continuation of a long line', () => {
    expect(wrappedRows('x'.repeat(41), 40)).toBe(2);
    expect(wrappedRows('x'.repeat(120), 40)).toBe(3);
  });

  it('indents continuations like the line, as preserveIndent draws them', () => {
    // 10 spaces of indent + 60 characters: the first row holds 40, the rest 30 per row.
    expect(wrappedRows(`${' '.repeat(10)}${'y'.repeat(60)}`, 40)).toBe(2);
    expect(wrappedRows(`${' '.repeat(10)}${'y'.repeat(61)}`, 40)).toBe(3);
    // A tab is two columns, as Expressive Code's default tab width draws it.
    expect(wrappedRows(`\t\t\t\t\t${'y'.repeat(60)}`, 40)).toBe(2);
  });

  it('keeps at least eight characters per continuation row under a deep indent', () => {
    expect(wrappedRows(`${' '.repeat(39)}${'z'.repeat(17)}`, 40)).toBe(3);
  });
});

describe('blockRows', () => {
  const lines = ['func main() {', `\tfmt.Println("${'a'.repeat(60)}")`, '}'];

  it('is the line count for a block that scrolls sideways', () => {
    expect(blockRows(lines, false)).toBe(3);
  });

  it('counts wrapped rows for a block that wraps', () => {
    expect(blockRows(lines, true)).toBe(1 + 2 + 1);
    expect(blockRows(lines, true, 200)).toBe(3);
    expect(WRAP_COLUMNS).toBeGreaterThanOrEqual(30);
  });
});
