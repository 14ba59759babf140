/**
 * An output tab whose view is loaded with `import()` the first time the tab is shown (the Timeline,
 * the Traffic view): until then the tab is an empty box, while loading it says so, and a failed
 * load says why in an alert and is tried again the next time the tab is shown.
 *
 * Invariants: the view module is requested at most once at a time and never before `shown()`;
 * once loaded, the view is given the store's current state, then every state `changed` says is new.
 */
import { h, replaceChildren } from './dom.ts';
import type { LabState } from './lab-state.ts';
import type { OutputTab } from './output-panels.ts';
import type { LabStore } from './store.ts';

export interface LazyView {
  readonly element: HTMLElement;
  show(state: LabState): void;
}

export interface LazyTabOptions<V extends LazyView> {
  readonly id: string;
  readonly label: string;
  /** The box's class and data attribute (`data-gcl-<name>`). */
  readonly name: string;
  readonly loading: string;
  readonly loadFailed: (message: string) => string;
  readonly available: (state: LabState) => boolean;
  /** Whether the view must show `state` (its data changed since `prev`). */
  readonly changed: (state: LabState, prev: LabState) => boolean;
  /** Loads the view's module and makes the view. */
  readonly load: () => Promise<V>;
  /** After a render, also when the view is not loaded yet. */
  readonly rendered?: (state: LabState, prev: LabState) => void;
}

export function lazyTab<V extends LazyView>(store: LabStore, options: LazyTabOptions<V>): OutputTab {
  const element = h('div', { class: `gcl-lab__${options.name}`, [`data-gcl-${options.name}`]: true });
  let view: V | undefined;
  let loading: Promise<void> | undefined;

  const load = () => {
    loading ??= options.load().then(
      (loaded) => {
        view = loaded;
        replaceChildren(element, loaded.element);
        loaded.show(store.getState());
      },
      (error: unknown) => {
        loading = undefined;
        const message = error instanceof Error ? error.message : String(error);
        replaceChildren(element, h('p', { role: 'alert' }, options.loadFailed(message)));
      },
    );
    if (view === undefined) replaceChildren(element, h('p', {}, options.loading));
  };

  return {
    id: options.id,
    label: options.label,
    element,
    available: options.available,
    render(state, prev) {
      options.rendered?.(state, prev);
      if (options.changed(state, prev)) view?.show(state);
    },
    shown() {
      if (view === undefined) load();
    },
  };
}
