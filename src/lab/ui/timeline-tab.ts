/**
 * The Timeline output tab: after a plain Run, the run's goroutines and channels step by step
 * (timeline-view.ts draws them from timeline-model.ts).
 *
 * Invariants: the tab is available exactly while the state holds a run's trace; the model and the
 * drawing are loaded (a dynamic import, lazy-tab.ts) the first time the tab is opened, never before;
 * the view always shows the state's current trace, and a new run (no trace) takes the editor's step
 * mark away.
 */
import type { SourceLocation } from 'gort';
import type { Translate } from './i18n.ts';
import { lazyTab } from './lazy-tab.ts';
import type { OutputTab } from './output-panels.ts';
import type { LabStore } from './store.ts';

export function timelineTab(
  store: LabStore,
  t: Translate,
  markStep: (at: SourceLocation | null) => void,
): OutputTab {
  return lazyTab(store, {
    id: 'timeline',
    label: t('timeline.tab'),
    name: 'timeline',
    loading: t('timeline.loading'),
    loadFailed: (message) => t('timeline.loadFailed', { message }),
    available: (state) => state.trace !== null,
    changed: (state, prev) => state.trace !== prev.trace,
    rendered(state, prev) {
      if (state.trace !== prev.trace && state.trace === null) markStep(null);
    },
    load: () => import('./timeline-view.ts').then(({ TimelineView }) => new TimelineView(t, markStep)),
  });
}
