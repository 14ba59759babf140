/**
 * The output tab for a lab's services: which services listen, and (when the runner can take
 * requests from the page: the sandbox's in-memory transport) a form that sends GET requests to them.
 *
 * Invariants: the form is built once and kept, so the typed path and the last answer survive the
 * program stopping and starting again; a request never leaves the service's origin (previewTarget).
 */
import { h, replaceChildren, uid } from './dom.ts';
import type { Translate } from './i18n.ts';
import type { ServiceRequester } from './lab-engine.ts';
import type { LabState } from './lab-state.ts';
import type { OutputTab } from './output-panels.ts';
import { previewTarget } from './preview.ts';
import type { LabStore } from './store.ts';

export type { ServiceRequester } from './lab-engine.ts';

export function requestsTab(
  store: LabStore,
  t: Translate,
  requester: () => ServiceRequester | undefined,
): OutputTab {
  const element = h('div', { class: 'gcl-lab__services', 'data-gcl-services': true });
  let form: { form: HTMLFormElement; send: HTMLButtonElement } | undefined;

  const build = (service: ServiceRequester) => {
    const inputId = uid('gcl-path');
    const output = h('pre', { class: 'gcl-lab__response', 'aria-live': 'polite', 'data-gcl-response': true });
    const input = h('input', {
      id: inputId,
      type: 'text',
      value: '/',
      spellcheck: 'false',
      autocomplete: 'off',
    });
    const submit = async (event: Event) => {
      event.preventDefault();
      const state = store.getState();
      const listening = state.services[0];
      if (!listening || state.phase === 'idle') {
        output.textContent = t('lab.request.noService');
        return;
      }
      const target = previewTarget(listening.url, input.value);
      if (target === null) {
        output.textContent = t('lab.preview.offServer');
        return;
      }
      try {
        const res = await service.get(target);
        output.textContent = `HTTP ${res.status}\n${res.body}`;
      } catch (error) {
        output.textContent = t('lab.request.error', {
          message: error instanceof Error ? error.message : String(error),
        });
      }
    };
    const send = h('button', { type: 'submit', class: 'gcl-lab__btn' }, t('lab.request.send'));
    return {
      form: h(
        'form',
        { class: 'gcl-lab__request', onsubmit: (e: Event) => void submit(e) },
        h('h4', {}, t('lab.request.title')),
        h('label', { for: inputId }, t('lab.request.path')),
        input,
        send,
        output,
      ),
      send,
    };
  };

  return {
    id: 'requests',
    label: t('lab.panel.requests'),
    element,
    available: (state) => state.services.length > 0 || (requester() !== undefined && store.lab.services),
    render(state: LabState, prev: LabState, first: boolean) {
      if (!first && state.services === prev.services && state.phase === prev.phase) return;
      const service = requester();
      if (service && !form) form = build(service);
      if (form) form.send.disabled = !(state.services.length > 0 && state.phase !== 'idle');
      const list =
        state.services.length > 0
          ? h(
              'ul',
              { class: 'gcl-lab__listeners' },
              ...state.services.map((s) => h('li', {}, t('lab.listen', { name: s.name, url: s.url }))),
            )
          : null;
      replaceChildren(element, list, form?.form);
    },
  };
}
