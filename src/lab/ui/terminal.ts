/**
 * The lab's output terminal: an xterm.js view that only shows output (no input), sized to its box.
 *
 * Invariants: writes are batched to one `term.write` per animation frame, so a program printing a
 * line per microtask cannot starve rendering or input handling; newlines are converted (`\n` ->
 * `\r\n`) because programs print Unix text; colours follow Starlight's theme switch; character
 * widths follow Unicode 11 (a CJK character is two cells, as the font draws it, not spaced wide);
 * a word that would cross the right edge starts the next line (word-wrap.ts), so a narrow terminal
 * (a phone) does not split words.
 */
import { Terminal, type ITheme } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import xtermCss from '@xterm/xterm/css/xterm.css?inline';
import { injectStyle } from './inject-style.ts';
import { wrapWords } from './word-wrap.ts';
import { PROJECTOR_ATTRIBUTE } from './projector.ts';

injectStyle(xtermCss);

const DARK: ITheme = {
  background: '#23262f',
  foreground: '#d6deeb',
  cursor: '#23262f',
  red: '#ff8f8f',
  brightBlack: '#9aa7b4',
  green: '#a6e3a1',
  yellow: '#ecc48d',
  selectionBackground: '#1d3b53',
};
const LIGHT: ITheme = {
  background: '#f6f7f9',
  foreground: '#403f53',
  cursor: '#f6f7f9',
  red: '#b4232c',
  brightBlack: '#5f6877',
  green: '#1f7a35',
  yellow: '#7a5a00',
  selectionBackground: '#d3e8f8',
};

/** Projector mode (view.ts): white on black, as the lab around it. */
const PROJECTOR: ITheme = {
  background: '#000000',
  foreground: '#ffffff',
  cursor: '#000000',
  red: '#ff9d9d',
  brightBlack: '#c8c8c8',
  green: '#8fff8f',
  yellow: '#ffe14d',
  selectionBackground: '#3a3d99',
};

function themeNow(): ITheme {
  const root = document.documentElement;
  if (root.hasAttribute(PROJECTOR_ATTRIBUTE)) return PROJECTOR;
  return root.dataset['theme'] === 'light' ? LIGHT : DARK;
}

export interface LabTerminal {
  write(text: string, style?: 'stderr' | 'note' | 'error'): void;
  clear(): void;
}

const STYLES = { stderr: '\x1b[31m', note: '\x1b[90m', error: '\x1b[31m' } as const;

export function createTerminal(host: HTMLElement, label: string): LabTerminal {
  const term = new Terminal({
    disableStdin: true,
    convertEol: true,
    cursorBlink: false,
    cursorInactiveStyle: 'none',
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    fontSize: 13,
    scrollback: 5000,
    theme: themeNow(),
    // The Unicode 11 width tables below are a proposed API in xterm 6.
    allowProposedApi: true,
  });
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = '11';
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(host);
  // xterm's hidden input is never typed into (disableStdin); label it so assistive tech says what it is.
  term.textarea?.setAttribute('aria-label', label);
  term.textarea?.setAttribute('tabindex', '-1');

  let pending = '';
  let frame = 0;
  /** The column the last write ended at, so the next one wraps where that one stopped. */
  let col = 0;
  const flush = () => {
    frame = 0;
    if (pending !== '') {
      const wrapped = wrapWords(pending, term.cols, col);
      col = wrapped.col;
      term.write(wrapped.text);
    }
    pending = '';
  };
  const schedule = () => {
    frame ||= requestAnimationFrame(flush);
  };

  const themeObserver = new MutationObserver(() => {
    term.options.theme = themeNow();
  });
  themeObserver.observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['data-theme', PROJECTOR_ATTRIBUTE],
  });
  const resize = new ResizeObserver(() => {
    // Projector mode (view.ts) sets a larger type size on the lab; it also resizes the host.
    const size = Number.parseFloat(getComputedStyle(host).getPropertyValue('--gcl-terminal-font-size'));
    const fontSize = Number.isFinite(size) && size > 0 ? size : 13;
    if (term.options.fontSize !== fontSize) term.options.fontSize = fontSize;
    try {
      fit.fit();
    } catch {
      // Not laid out (hidden): the next resize fits it.
    }
  });
  resize.observe(host);

  return {
    write(text, style) {
      pending += style ? `${STYLES[style]}${text}\x1b[0m` : text;
      schedule();
    },
    clear() {
      pending = '';
      col = 0;
      term.reset();
    },
  };
}
