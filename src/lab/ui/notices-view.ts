/**
 * The lab's notices: storage problems, shared code, a damaged link, restored edits, and a better
 * runner ready to use. Each has its words and tone here and one action: dismiss, or the way out it
 * offers (back to my saved code; use the WebContainer now).
 *
 * Invariants: an error notice is an alert (read out at once), the others are in a polite live
 * region; colour is never the only signal (the tone also changes the border and the words).
 */
import { h, replaceChildren } from './dom.ts';
import type { Translate } from './i18n.ts';
import type { Notice } from './lab-state.ts';
import type { LabStore } from './store.ts';

/** A notice's words and tone (plain, warning or error). */
function noticeText(t: Translate, notice: Notice): { tone?: 'warn' | 'error'; text: string } {
  switch (notice.kind) {
    case 'storage-unavailable':
      return { tone: 'warn', text: t('lab.notice.storageUnavailable') };
    case 'storage-full':
      return { tone: 'warn', text: t('lab.notice.storageFull') };
    case 'shared':
      return { text: t('lab.notice.shared') };
    case 'malformed-link':
      return {
        tone: 'error',
        text: t('lab.notice.malformedLink', { reason: t(`lab.link.${notice.reason}`) }),
      };
    case 'restored':
      return { text: t('lab.notice.restored') };
    case 'upgrade':
      return { text: t('lab.notice.upgrade') };
  }
}

export class NoticesView {
  readonly element = h('div', { class: 'gcl-lab__notices', 'aria-live': 'polite' });
  readonly #store: LabStore;
  readonly #t: Translate;

  constructor(store: LabStore, t: Translate) {
    this.#store = store;
    this.#t = t;
  }

  render(notices: readonly Notice[]): void {
    const t = this.#t;
    const store = this.#store;
    const link = (label: string, onclick: () => void) =>
      h('button', { type: 'button', class: 'gcl-lab__link', onclick }, label);
    const items = notices.map((notice) => {
      const { tone, text } = noticeText(t, notice);
      const action =
        notice.kind === 'shared'
          ? link(t('lab.notice.sharedBack'), () => store.backToSaved())
          : notice.kind === 'upgrade'
            ? link(t('lab.notice.upgradeAccept'), () => store.acceptUpgrade())
            : link(t('lab.notice.dismiss'), () => store.dismissNotice(notice.kind));
      return h(
        'div',
        {
          class: tone ? `gcl-notice gcl-notice--${tone}` : 'gcl-notice',
          role: tone === 'error' ? 'alert' : undefined,
          'data-notice': notice.kind,
        },
        h('p', {}, text),
        action,
      );
    });
    replaceChildren(this.element, ...items);
  }
}
