/**
 * The lab's status bar: one sentence about what is happening (a polite live region, so a screen
 * reader hears a run start, end, and where it failed), the runner in use and the runner picker.
 *
 * Invariants: every word comes from i18n.ts through a code in the state (an outcome, a fallback
 * reason, a failed line's kind), so no English reaches a Chinese page; while a runner is being
 * chosen the line says so (with the WebContainer's time limit) and offers the sandbox at once.
 */
import { h, uid } from './dom.ts';
import type { Translate } from './i18n.ts';
import type { LabState } from './lab-state.ts';
import type { LabStore } from './store.ts';

export function statusText(t: Translate, state: LabState, bootSeconds: number): string {
  const { outcome, phase, report, runnerChoosing } = state;
  if (runnerChoosing && (phase === 'idle' || phase === 'preparing')) {
    if (runnerChoosing === 'worker') return t('lab.status.startingSandbox');
    return t(phase === 'idle' ? 'lab.status.booting' : 'lab.status.bootingRun', { seconds: bootSeconds });
  }
  if (phase === 'preparing') return t('lab.status.preparing');
  if (phase === 'running') return t('lab.status.running');
  if (phase === 'checking') return t('lab.status.checking');
  if (!outcome) return t('lab.status.idle');
  const failed = state.failedLine;
  // Where it failed, in the same sentence the live region reads out.
  const where =
    failed && failed.kind !== 'syntax'
      ? ` ${t(`lab.failed.${failed.kind}`, { file: failed.file, line: failed.line })}`
      : '';
  if (state.mode === 'check' && report && outcome.kind === 'exited') {
    const failedItems = report.items.filter((i) => !i.pass).length;
    const total = report.items.length;
    return report.passed
      ? t('lab.status.checkPassed', { total })
      : t('lab.status.checkFailed', { failed: failedItems, total }) + where;
  }
  switch (outcome.kind) {
    case 'exited':
      return t('lab.status.exited', { code: outcome.code }) + where;
    case 'stopped':
      return t('lab.status.stopped');
    case 'timeout':
      return t('lab.status.timeout', { seconds: outcome.seconds });
    case 'output-limit':
      return t('lab.status.outputLimit', { kb: outcome.kb });
    case 'syntax': {
      const { file, line, column } = outcome.problem;
      return t('lab.status.syntaxError', { file, line, column });
    }
    case 'failed':
      return t('lab.status.failed', { message: outcome.message });
  }
}

function runnerText(t: Translate, runner: LabState['runner'], choosing: boolean): string {
  // The status line says what is starting; here only the way out (the "use the sandbox" button).
  if (choosing) return '';
  if (!runner) return t('lab.runner.pending');
  if (runner.kind === 'webcontainer') return t('lab.runner.webcontainer');
  if (runner.kind === 'node') return t('lab.runner.node');
  if (!runner.fallback) return t('lab.runner.worker');
  return t('lab.runner.workerBecause', { reason: t(`lab.reason.${runner.fallback.code}`) });
}

export class StatusView {
  readonly element: HTMLElement;
  readonly #t: Translate;
  readonly #bootSeconds: number;
  readonly #status: HTMLElement;
  readonly #runner: HTMLElement;
  readonly #pick: HTMLSelectElement;
  readonly #useSandbox: HTMLButtonElement;

  /** `focusAfterSwitch` gets the focus when the "use the sandbox" button hides itself. */
  constructor(store: LabStore, t: Translate, bootTimeoutMs: number, focusAfterSwitch: () => void) {
    this.#t = t;
    this.#bootSeconds = Math.round(bootTimeoutMs / 1000);
    this.#status = h('p', {
      class: 'gcl-lab__status',
      role: 'status',
      'aria-live': 'polite',
      'data-gcl-status': true,
    });
    this.#runner = h('p', { class: 'gcl-lab__runner', 'data-gcl-runner': true });
    const pickId = uid('gcl-runner');
    const pick = h(
      'select',
      {
        id: pickId,
        'data-gcl-runner-pick': true,
        onchange: () => store.setRunnerPreference(pick.value === 'worker' ? 'worker' : 'auto'),
      },
      h('option', { value: 'auto' }, t('lab.runner.auto')),
      h('option', { value: 'worker' }, t('lab.runner.sandbox')),
    );
    this.#pick = pick;
    // The way out of a slow WebContainer boot: the picker's switch, offered where the learner waits.
    this.#useSandbox = h(
      'button',
      {
        type: 'button',
        class: 'gcl-lab__link',
        hidden: true,
        'data-gcl-use-sandbox': true,
        onclick: () => {
          store.setRunnerPreference('worker');
          focusAfterSwitch();
        },
      },
      t('lab.runner.useSandbox'),
    );
    this.element = h(
      'div',
      { class: 'gcl-lab__statusbar' },
      this.#status,
      h(
        'div',
        { class: 'gcl-lab__runnerbar' },
        this.#runner,
        this.#useSandbox,
        h('label', { for: pickId }, t('lab.runner.choose')),
        pick,
      ),
    );
  }

  /** Shows a message in the status line until the next change of state (a failed fetch). */
  say(text: string): void {
    this.#status.textContent = text;
  }

  render(state: LabState): void {
    const busy = state.phase !== 'idle';
    // A run still waiting for its runner may switch: the store moves it to the new choice.
    const waiting = state.runnerChoosing !== null && (state.phase === 'idle' || state.phase === 'preparing');
    this.#pick.disabled = busy && !waiting;
    this.#pick.value = state.runnerPreference;
    this.#useSandbox.hidden = !(waiting && state.runnerChoosing === 'auto');
    this.#status.textContent = statusText(this.#t, state, this.#bootSeconds);
    this.#status.dataset['outcome'] = state.outcome?.kind ?? '';
    this.#runner.textContent = runnerText(this.#t, state.runner, state.runnerChoosing !== null);
    this.#runner.dataset['runner'] = state.runner?.kind ?? '';
    this.#runner.dataset['choosing'] = state.runnerChoosing ?? '';
  }
}
