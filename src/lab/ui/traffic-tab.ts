/**
 * The Traffic output tab: a service lab's mesh traffic as a live topology (traffic-view.ts draws
 * it from traffic-model.ts).
 *
 * Invariants: the tab is available exactly while the state holds traffic records of the current or
 * last run or check; the model and the drawing are loaded (a dynamic import, lazy-tab.ts) the first
 * time the tab is opened, never before; the view always shows the state's current traffic.
 */
import type { Translate } from './i18n.ts';
import { lazyTab } from './lazy-tab.ts';
import type { OutputTab } from './output-panels.ts';
import type { LabStore } from './store.ts';

export function trafficTab(store: LabStore, t: Translate): OutputTab {
  return lazyTab(store, {
    id: 'traffic',
    label: t('traffic.tab'),
    name: 'traffic',
    loading: t('traffic.loading'),
    loadFailed: (message) => t('traffic.loadFailed', { message }),
    available: (state) => state.traffic !== null,
    changed: (state, prev) => state.traffic !== prev.traffic,
    load: () => import('./traffic-view.ts').then(({ TrafficView }) => new TrafficView(t)),
  });
}
