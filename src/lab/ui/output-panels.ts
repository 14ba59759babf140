/**
 * The output area under the editor: a tab strip over panels that show what a run produces. Today
 * the terminal and, for labs with services, the request panel; a Timeline or a mesh traffic view is
 * one more `OutputTab` in its own file, listed where the view builds this area (view.ts).
 *
 * Invariants: the strip follows the WAI-ARIA tabs pattern (arrow keys, Home/End, one tab stop);
 * a tab that is not `available` for the state is hidden, and the strip itself is hidden while only
 * one tab is available, so a plain lab shows just its terminal; when the selected tab becomes
 * unavailable the first available one is selected.
 */
import { h, replaceChildren, uid } from './dom.ts';
import type { LabState } from './lab-state.ts';

export interface OutputTab {
  /** Stable id (`terminal`, `requests`, ...), also `data-output-tab` for tests. */
  readonly id: string;
  readonly label: string;
  /** The panel's content; created once and kept (a terminal keeps its scrollback). */
  readonly element: HTMLElement;
  /** Whether the tab has something to show in this state. Default: always. */
  available?(state: LabState): boolean;
  render?(state: LabState, prev: LabState, first: boolean): void;
  /** Called when the tab is selected (a view that loads its code on first use starts here). */
  shown?(): void;
}

export class OutputPanels {
  readonly element: HTMLElement;
  readonly #tabs: readonly OutputTab[];
  readonly #strip: HTMLElement;
  readonly #buttons = new Map<string, HTMLButtonElement>();
  readonly #panels = new Map<string, HTMLElement>();
  #selected: string;

  constructor(tabs: readonly OutputTab[], label: string) {
    this.#tabs = tabs;
    this.#selected = tabs[0]?.id ?? '';
    this.#strip = h('div', { class: 'gcl-lab__output-tabs', role: 'tablist', 'aria-label': label });
    const panels = tabs.map((tab) => {
      const panelId = uid('gcl-output');
      const button = h(
        'button',
        {
          type: 'button',
          role: 'tab',
          class: 'gcl-lab__tab',
          id: uid('gcl-output-tab'),
          'aria-controls': panelId,
          'data-output-tab': tab.id,
          onclick: () => this.select(tab.id),
          onkeydown: (event: Event) => this.#onKey(event as KeyboardEvent, tab.id),
        },
        tab.label,
      );
      this.#buttons.set(tab.id, button);
      const panel = h(
        'div',
        { class: 'gcl-lab__output-panel', role: 'tabpanel', id: panelId, 'aria-labelledby': button.id },
        tab.element,
      );
      this.#panels.set(tab.id, panel);
      return panel;
    });
    replaceChildren(this.#strip, ...this.#buttons.values());
    this.element = h('div', { class: 'gcl-lab__output' }, this.#strip, ...panels);
  }

  /** Shows the tab `id` (a run brings the terminal forward this way). */
  select(id: string, focus = false): void {
    if (!this.#buttons.has(id)) return;
    this.#selected = id;
    for (const [tabId, button] of this.#buttons) {
      const selected = tabId === id;
      button.setAttribute('aria-selected', String(selected));
      button.tabIndex = selected ? 0 : -1;
      const panel = this.#panels.get(tabId);
      if (panel) panel.hidden = !selected;
    }
    if (focus) this.#buttons.get(id)?.focus();
    this.#tabs.find((tab) => tab.id === id)?.shown?.();
  }

  render(state: LabState, prev: LabState, first: boolean): void {
    const available = this.#tabs.filter((tab) => tab.available?.(state) ?? true);
    for (const tab of this.#tabs) {
      const button = this.#buttons.get(tab.id);
      if (button) button.hidden = !available.includes(tab);
      tab.render?.(state, prev, first);
    }
    this.#strip.hidden = available.length < 2;
    if (!available.some((tab) => tab.id === this.#selected) || first) {
      this.select(
        available.some((tab) => tab.id === this.#selected) ? this.#selected : (available[0]?.id ?? ''),
      );
    }
  }

  #onKey(event: KeyboardEvent, id: string): void {
    const ids = [...this.#buttons].filter(([, b]) => !b.hidden).map(([tabId]) => tabId);
    const i = ids.indexOf(id);
    const next =
      event.key === 'ArrowRight'
        ? ids[(i + 1) % ids.length]
        : event.key === 'ArrowLeft'
          ? ids[(i - 1 + ids.length) % ids.length]
          : event.key === 'Home'
            ? ids[0]
            : event.key === 'End'
              ? ids.at(-1)
              : undefined;
    if (next === undefined) return;
    event.preventDefault();
    this.select(next, true);
  }
}
