/**
 * Word wrapping for the lab terminal. xterm.js wraps a long line at the last column, in the middle
 * of a word; on a phone (about 45 columns) that splits most sentences a program prints, e.g. Go's
 * "fatal error: all goroutines are asleep - deadlock!". `wrapWords` moves a word that would cross
 * the right edge to the next line instead.
 *
 * Invariants: only a line break is ever inserted, before a word that fits on a line of its own and
 * does not start at the left edge — a word longer than a line is left to xterm's own wrapping, and
 * no character is dropped or changed; escape sequences (colours) take no cells; a wide character
 * (CJK, fullwidth forms, most emoji) takes two cells, as with the terminal's Unicode 11 widths.
 * The column is threaded through calls so text written in pieces wraps as if written at once.
 * A break inserted at one width stays when the terminal is later resized: output is written once.
 */

/**
 * Escape sequences, line ends, runs of spaces, and words (anything else) — every character is in
 * exactly one token, so joining the tokens gives the text back.
 */
const TOKEN =
  // eslint-disable-next-line no-control-regex -- escape sequences are made of control characters
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b.?|\r?\n|\r|\t|[ ]+|[^ \t\r\n\x1b]+/gu;

/** East Asian wide and fullwidth ranges, and the emoji blocks xterm's Unicode 11 tables draw wide. */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;

function cellWidth(char: string): number {
  return WIDE.test(char) ? 2 : 1;
}

/** The cells `word` takes on one line. */
function widthOf(word: string): number {
  let width = 0;
  for (const char of word) width += cellWidth(char);
  return width;
}

export interface Wrapped {
  readonly text: string;
  /** The column after `text` (0 at a line start; `cols` when the last line is exactly full). */
  readonly col: number;
}

/**
 * `text` with a line break before each word that would otherwise be split at column `cols`,
 * starting at column `col`.
 */
export function wrapWords(text: string, cols: number, col: number): Wrapped {
  if (!Number.isInteger(cols) || cols < 1) return { text, col };
  let out = '';
  let at = Math.min(Math.max(0, col), cols);
  // Where xterm puts characters: one that does not fit in what is left of the line starts the next.
  const advance = (chars: string) => {
    for (const char of chars) {
      const width = cellWidth(char);
      at = at + width > cols ? width : at + width;
    }
  };
  for (const [token] of text.matchAll(TOKEN)) {
    if (token.startsWith('\x1b')) {
      out += token;
    } else if (token.endsWith('\n') || token === '\r') {
      out += token;
      at = 0;
    } else if (token === '\t') {
      out += token;
      at = Math.min(cols, (Math.floor(at / 8) + 1) * 8);
    } else if (token.startsWith(' ')) {
      out += token;
      advance(token);
    } else {
      const width = widthOf(token);
      if (at > 0 && at < cols && at + width > cols && width <= cols) {
        out += '\n';
        at = 0;
      }
      out += token;
      advance(token);
    }
  }
  return { text: out, col: at };
}
