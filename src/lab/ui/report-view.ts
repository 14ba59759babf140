/**
 * The check report under the output: a summary and one line per item, each item's name and detail
 * in the page's language (labcheck reports carry both, see src/lab/check/text.ts).
 *
 * Invariants: pass and fail are told by a symbol and by words (the symbol is hidden from assistive
 * tech, the words are not), never by colour alone; the mark and the name stay on one line however
 * narrow the screen (the mark is a fixed column of a grid); a report for code the learner has since
 * changed says so. The last failed item seen under a schedule (a check's `t.explore`; its summary
 * item comes last) offers "Replay this schedule", once per schedule, which runs the learner's code
 * in that order; only while the report is current (the same code), since other code would not
 * replay the same run. A passed report of a lab with a Go
 * twin offers it (`onGoTwin`): the reward of solving is seeing the same program in Go. Text between
 * a pair of backticks in an item's name or detail is code, as check authors write it (`queue`), and
 * is shown as code; a lone backtick stays as it is. Item texts only ever become text nodes.
 */
import { h, inlineCode, replaceChildren, uid } from './dom.ts';
import type { LabLocale, Translate } from './i18n.ts';
import type { LabState } from './lab-state.ts';

export class ReportView {
  readonly element = h('section', { class: 'gcl-lab__report', hidden: true, 'data-gcl-report': true });
  readonly #t: Translate;
  readonly #locale: LabLocale;
  readonly #onReplay: (schedule: string) => void;
  readonly #onGoTwin: ((opener: HTMLElement) => void) | undefined;

  constructor(
    t: Translate,
    locale: LabLocale,
    onReplay: (schedule: string) => void,
    onGoTwin?: (opener: HTMLElement) => void,
  ) {
    this.#t = t;
    this.#locale = locale;
    this.#onReplay = onReplay;
    this.#onGoTwin = onGoTwin;
  }

  render(state: LabState): void {
    const t = this.#t;
    const el = this.element;
    const report = state.report;
    if (!report) {
      // A check that ended without a report (the program crashed the host).
      const noReport = state.mode === 'check' && state.phase === 'idle' && state.outcome?.kind === 'exited';
      el.hidden = !noReport;
      replaceChildren(
        el,
        noReport && state.outcome?.kind === 'exited'
          ? h('p', {}, t('lab.check.none', { code: state.outcome.code }))
          : null,
      );
      return;
    }
    const failed = report.items.filter((i) => !i.pass).length;
    const headingId = uid('gcl-report');
    el.setAttribute('aria-labelledby', headingId);
    // One Replay per schedule, on the last item it failed (exploration's summary comes last): every
    // failed item of a schedule would replay the same run.
    const replayAt = new Map<string, number>();
    report.items.forEach((item, i) => {
      if (!item.pass && item.schedule !== undefined) replayAt.set(item.schedule, i);
    });
    el.dataset['passed'] = String(report.passed);
    el.dataset['current'] = String(state.reportCurrent);
    replaceChildren(
      el,
      h('h4', { id: headingId }, t('lab.check.title')),
      h(
        'p',
        { class: 'gcl-lab__summary' },
        report.passed ? t('lab.check.passed') : t('lab.check.failed', { failed, total: report.items.length }),
      ),
      state.reportCurrent ? null : h('p', { class: 'gcl-lab__stale' }, t('lab.check.stale')),
      report.passed && this.#onGoTwin ? this.#goTwinButton(this.#onGoTwin) : null,
      h(
        'ul',
        { class: 'gcl-lab__items' },
        ...report.items.map((item, i) =>
          h(
            'li',
            { class: item.pass ? 'gcl-pass' : 'gcl-fail', 'data-pass': String(item.pass) },
            h('span', { class: 'gcl-lab__mark', 'aria-hidden': 'true' }, item.pass ? '✓' : '✗'),
            h(
              'span',
              { class: 'gcl-lab__item-text' },
              h('span', { class: 'sr-only' }, `${item.pass ? t('lab.check.pass') : t('lab.check.fail')}: `),
              h('span', { class: 'gcl-lab__item-name' }, ...inlineCode(item.name[this.#locale])),
              item.detail
                ? h('span', { class: 'gcl-lab__item-detail' }, ...inlineCode(item.detail[this.#locale]))
                : null,
              !item.pass &&
                item.schedule !== undefined &&
                state.reportCurrent &&
                replayAt.get(item.schedule) === i
                ? this.#replayButton(item.schedule)
                : null,
            ),
          ),
        ),
      ),
    );
    el.hidden = false;
  }

  #goTwinButton(open: (opener: HTMLElement) => void): HTMLElement {
    const button = h(
      'button',
      { type: 'button', class: 'gcl-lab__btn', 'data-gcl-go-twin': true },
      this.#t('lab.go.open'),
    );
    button.addEventListener('click', () => open(button));
    return h('p', { class: 'gcl-lab__go-twin' }, button);
  }

  #replayButton(schedule: string): HTMLElement {
    return h(
      'button',
      {
        type: 'button',
        class: 'gcl-lab__btn gcl-lab__replay',
        'data-gcl-replay': schedule,
        'aria-label': this.#t('lab.replay.label', { schedule }),
        onclick: () => this.#onReplay(schedule),
      },
      this.#t('lab.replay.button'),
    );
  }
}
