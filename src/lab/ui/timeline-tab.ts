/**
 * The Timeline output tab: after a plain Run, the run's goroutines and channels step by step
 * (timeline-view.ts draws them from timeline-model.ts).
 *
 * Invariants: the tab is available exactly while the state holds a run's trace; the model and the
 * drawing are loaded (a dynamic import) the first time the tab is opened, never before; the view
 * always shows the state's current trace, and a new run (no trace) takes the editor's step mark away.
 */
import type { SourceLocation } from 'gort';
import { h, replaceChildren } from './dom.ts';
import type { Translate } from './i18n.ts';
import type { LabState } from './lab-state.ts';
import type { OutputTab } from './output-panels.ts';
import type { LabStore } from './store.ts';
import type { TimelineView } from './timeline-view.ts';

export function timelineTab(
  store: LabStore,
  t: Translate,
  markStep: (at: SourceLocation | null) => void,
): OutputTab {
  const element = h('div', { class: 'gcl-lab__timeline', 'data-gcl-timeline': true });
  let view: TimelineView | undefined;
  let loading: Promise<void> | undefined;

  const load = () => {
    loading ??= import('./timeline-view.ts').then(
      ({ TimelineView }) => {
        view = new TimelineView(t, markStep);
        replaceChildren(element, view.element);
        view.show(store.getState());
      },
      (error: unknown) => {
        loading = undefined;
        replaceChildren(
          element,
          h(
            'p',
            { role: 'alert' },
            t('timeline.loadFailed', { message: error instanceof Error ? error.message : String(error) }),
          ),
        );
      },
    );
    if (view === undefined) replaceChildren(element, h('p', {}, t('timeline.loading')));
  };

  return {
    id: 'timeline',
    label: t('timeline.tab'),
    element,
    available: (state) => state.trace !== null,
    render(state: LabState, prev: LabState) {
      if (state.trace === prev.trace) return;
      if (state.trace === null) markStep(null);
      view?.show(state);
    },
    shown() {
      if (view === undefined) load();
    },
  };
}
