/**
 * The output tab with the program's terminal: writes the store's terminal events, the lab's own
 * lines (exit status, check tally, cap, problems in the code) worded in the page's language.
 *
 * Invariant: a lab line is bracketed and dimmed (or red for a failure), so it never reads as the
 * program's own output.
 */
import { h } from './dom.ts';
import type { Translate } from './i18n.ts';
import type { TerminalEvent, TerminalNote } from './lab-state.ts';
import type { OutputTab } from './output-panels.ts';
import { stuckModel, wordPhrase } from './stuck-model.ts';
import type { LabTerminal } from './terminal.ts';

function noteLine(t: Translate, note: TerminalNote): { text: string; style: 'note' | 'error' } {
  switch (note.kind) {
    case 'exit':
      return {
        text: `\n[${t('lab.terminal.exit', { code: note.code })}]\n`,
        style: note.code === 0 ? 'note' : 'error',
      };
    case 'checked':
      return {
        text: `\n[${t('lab.terminal.checked', { passed: note.passed, total: note.total })}]\n`,
        style: note.passed === note.total ? 'note' : 'error',
      };
    case 'stopped':
      return { text: `\n[${t('lab.terminal.stopped')}]\n`, style: 'note' };
    case 'capped':
      return { text: `\n[${t('lab.terminal.capped', { kb: note.kb })}]\n`, style: 'error' };
    case 'syntax': {
      const p = note.problem;
      return { text: `${p.file}:${p.line}:${p.column}: ${p.message}\n`, style: 'error' };
    }
    case 'code-problems': {
      const p = note.first;
      return {
        text: `[${t('lab.terminal.codeProblems', { count: note.count, file: p.file, line: p.line, column: p.column, message: p.message })}]\n`,
        style: 'error',
      };
    }
    case 'failed':
      return { text: `${t('lab.status.failed', { message: note.message })}\n`, style: 'error' };
    case 'leaks': {
      // The leak report: one dimmed line per goroutine main left behind, after the exit status.
      const model = stuckModel(note.stuck.report, note.stuck.files);
      const lines = model.sentences.map((s) => t('stuck.leakNote', { text: wordPhrase(t, s.text) }));
      return { text: `${lines.join('\n')}\n`, style: 'note' };
    }
    case 'replay':
      return { text: `[${t('lab.replay.note', { schedule: note.schedule })}]\n`, style: 'note' };
    case 'export':
      return { text: `[${t('lab.export.note')}]\n`, style: 'note' };
  }
}

export function terminalTab(
  t: Translate,
  createTerminal: (host: HTMLElement, label: string) => LabTerminal,
): OutputTab & { onEvent(event: TerminalEvent): void } {
  const element = h('div', { class: 'gcl-lab__terminal', role: 'region', 'aria-label': t('lab.terminal') });
  let terminal: LabTerminal | undefined;
  const term = () => (terminal ??= createTerminal(element, t('lab.terminal')));
  return {
    id: 'terminal',
    label: t('lab.panel.output'),
    element,
    render: () => void term(),
    onEvent(event) {
      if (event.kind === 'clear') term().clear();
      else if (event.kind === 'text')
        term().write(event.text, event.stream === 'stderr' ? 'stderr' : undefined);
      else {
        const { text, style } = noteLine(t, event.note);
        term().write(text, style);
      }
    },
  };
}
