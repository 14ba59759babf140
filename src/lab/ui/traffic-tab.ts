/**
 * The Traffic output tab: a service lab's mesh traffic as a live topology (traffic-view.ts draws
 * it from traffic-model.ts).
 *
 * Invariants: the tab is available exactly while the state holds traffic records of the current or
 * last run or check; the model and the drawing are loaded (a dynamic import) the first time the
 * tab is opened, never before; the view always shows the state's current traffic.
 */
import { h, replaceChildren } from './dom.ts';
import type { Translate } from './i18n.ts';
import type { LabState } from './lab-state.ts';
import type { OutputTab } from './output-panels.ts';
import type { LabStore } from './store.ts';
import type { TrafficView } from './traffic-view.ts';

export function trafficTab(store: LabStore, t: Translate): OutputTab {
  const element = h('div', { class: 'gcl-lab__traffic', 'data-gcl-traffic': true });
  let view: TrafficView | undefined;
  let loading: Promise<void> | undefined;

  const load = () => {
    loading ??= import('./traffic-view.ts').then(
      ({ TrafficView }) => {
        view = new TrafficView(t);
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
            t('traffic.loadFailed', { message: error instanceof Error ? error.message : String(error) }),
          ),
        );
      },
    );
    if (view === undefined) replaceChildren(element, h('p', {}, t('traffic.loading')));
  };

  return {
    id: 'traffic',
    label: t('traffic.tab'),
    element,
    available: (state) => state.traffic !== null,
    render(state: LabState, prev: LabState) {
      if (state.traffic !== prev.traffic) view?.show(state);
    },
    shown() {
      if (view === undefined) load();
    },
  };
}
