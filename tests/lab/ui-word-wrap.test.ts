/**
 * The terminal's word wrapping (src/lab/ui/word-wrap.ts): a word that would be split at the right
 * edge moves to the next line — before it, xterm split Go's deadlock message mid-word on a phone.
 */
import { describe, expect, it } from 'vitest';
import { wrapWords } from '../../src/lab/ui/word-wrap.ts';

describe('wrapWords', () => {
  it("moves a word that would cross the edge to the next line (Go's deadlock text at 20 columns)", () => {
    const text = 'fatal error: all goroutines are asleep - deadlock!\n';
    expect(wrapWords(text, 20, 0)).toEqual({
      text: 'fatal error: all \ngoroutines are \nasleep - deadlock!\n',
      col: 0,
    });
  });

  it('threads the column through pieces written one after another', () => {
    const first = wrapWords('channel ', 12, 0);
    expect(first).toEqual({ text: 'channel ', col: 8 });
    expect(wrapWords('goroutine', 12, first.col)).toEqual({ text: '\ngoroutine', col: 9 });
  });

  it('leaves a word longer than a line, and a word at the left edge, to the terminal', () => {
    expect(wrapWords('ab abcdefghijkl', 5, 0)).toEqual({ text: 'ab abcdefghijkl', col: 5 });
    // A full line: the terminal itself starts the next word on a new line.
    expect(wrapWords('abcde fg', 5, 0)).toEqual({ text: 'abcde fg', col: 3 });
  });

  it('gives colours no width and CJK characters two cells', () => {
    expect(wrapWords('\x1b[31mred\x1b[0m ok', 6, 0)).toEqual({ text: '\x1b[31mred\x1b[0m ok', col: 6 });
    expect(wrapWords('abc 程序', 6, 0)).toEqual({ text: 'abc \n程序', col: 4 });
  });

  it('keeps every character, including blanks that are not spaces', () => {
    const text = 'a\u00a0b\tc\r\nd\u3000e \x1b]0;title\x07f\x1bg';
    expect(wrapWords(text, 80, 0).text).toBe(text);
  });

  it('leaves the text as is for a terminal with no columns yet', () => {
    expect(wrapWords('a b', 0, 0)).toEqual({ text: 'a b', col: 0 });
  });
});
