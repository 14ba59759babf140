/**
 * The Share panel: the link to the learner's code, copied to the clipboard when the browser allows
 * it and shown either way (selected on focus), or why it cannot be made (too large for a URL).
 */
import { h, replaceChildren, uid } from './dom.ts';
import type { Translate } from './i18n.ts';
import type { LabStore } from './store.ts';

/** Browsers and servers cut URLs longer than this. */
const MAX_URL = 60_000;

export class SharePanel {
  readonly element = h('div', { class: 'gcl-lab__share', hidden: true });
  readonly #store: LabStore;
  readonly #t: Translate;

  constructor(store: LabStore, t: Translate) {
    this.#store = store;
    this.#t = t;
  }

  async open(): Promise<void> {
    const t = this.#t;
    const el = this.element;
    const fragment = await this.#store.shareFragment();
    const url = `${location.href.split('#')[0] ?? ''}${fragment}`;
    if (url.length > MAX_URL) {
      replaceChildren(el, h('p', {}, t('lab.share.tooLong', { kb: Math.round(fragment.length / 1024) })));
      el.hidden = false;
      return;
    }
    const copied = await navigator.clipboard.writeText(url).then(
      () => true,
      () => false,
    );
    const inputId = uid('gcl-share');
    const input = h('input', {
      id: inputId,
      type: 'text',
      readonly: true,
      value: url,
      'data-gcl-share-url': true,
      onfocus: (e: Event) => (e.target as HTMLInputElement).select(),
    });
    const close = h(
      'button',
      { type: 'button', class: 'gcl-lab__link', onclick: () => (el.hidden = true) },
      t('lab.close'),
    );
    replaceChildren(
      el,
      h('label', { for: inputId }, copied ? t('lab.share.copied') : t('lab.share.ready')),
      input,
      close,
    );
    el.hidden = false;
    if (!copied) input.focus();
  }
}
