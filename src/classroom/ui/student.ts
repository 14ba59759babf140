/**
 * The student's part of a classroom, on pages served by `npm run classroom` (probe.ts loads it):
 * a "Join the room" form (code from `?room=`, a name), then, once joined, each lab's check report
 * sent to the room (names and pass of its items: never `detail`, which can quote the program), the
 * instructor's releases as notices with a link, and a "Share with instructor" button on each started
 * lab: the only path by which a student's code leaves the browser.
 *
 * Invariants: a lab reaches this module through the `gcl:lab-started` event (src/lab/ui/client.ts)
 * or, when it started before this module arrived, its root's `gclLab`; a report is sent once (the
 * store replaces the report object on each check); names typed by people are shown with text nodes
 * only; the membership (`MEMBERSHIP_KEY`) outlives reloads and is dropped when the server no
 * longer knows the token (401).
 */
import { h, replaceChildren, uid } from '../../lab/ui/dom.ts';
import type { LabStore } from '../../lab/ui/store.ts';
import { classroomLocale, sayer, type ClassroomKey } from './strings.ts';

export const MEMBERSHIP_KEY = 'gcl:classroom:v1';

export interface ClassroomInfo {
  readonly service: string;
  readonly labs: readonly string[];
  readonly titles?: Readonly<Record<string, { title: { en: string; 'zh-cn': string }; lesson: string }>>;
}

interface Membership {
  readonly token: string;
  readonly code: string;
  readonly name: string;
}

interface Release {
  readonly id: number;
  readonly kind: 'lab' | 'solution';
  readonly lab: string;
}

interface LabStartedDetail {
  readonly root: HTMLElement;
  readonly store: LabStore;
}

class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const locale = classroomLocale(document.documentElement.lang);
const say = sayer(locale);

function readMembership(): Membership | null {
  try {
    const value = JSON.parse(localStorage.getItem(MEMBERSHIP_KEY) ?? 'null') as Partial<Membership> | null;
    return typeof value?.token === 'string' &&
      typeof value.code === 'string' &&
      typeof value.name === 'string'
      ? { token: value.token, code: value.code, name: value.name }
      : null;
  } catch {
    return null;
  }
}

function writeMembership(value: Membership | null): void {
  try {
    if (value) localStorage.setItem(MEMBERSHIP_KEY, JSON.stringify(value));
    else localStorage.removeItem(MEMBERSHIP_KEY);
  } catch {
    // Storage disabled: the membership lasts as long as the page.
  }
}

async function api<T>(path: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
  if (!response.ok) throw new ApiError(json.code ?? 'other', json.message ?? String(response.status));
  return json as T;
}

function errorText(error: unknown, values: Record<string, string>): string {
  const code = error instanceof ApiError ? error.code : 'other';
  const key = `room.error.${code}` as ClassroomKey;
  const known = ['NO_ROOM', 'NAME_TAKEN', 'BAD_NAME', 'RATE_LIMITED', 'UNAUTHORIZED'].includes(code);
  return known
    ? say(key, values)
    : say('room.error.other', { message: error instanceof Error ? error.message : String(error) });
}

export function mountClassroom(info: ClassroomInfo): void {
  const panel = new ClassroomPanel(info);
  const main = document.querySelector('main .sl-markdown-content') ?? document.querySelector('main');
  main?.prepend(panel.element);
  const attach = (detail: LabStartedDetail) => panel.attachLab(detail);
  addEventListener('gcl:lab-started', (event) => attach((event as CustomEvent<LabStartedDetail>).detail));
  for (const root of document.querySelectorAll<HTMLElement>('[data-gcl-lab]')) {
    const started = (root as HTMLElement & { gclLab?: { store: LabStore } }).gclLab;
    if (started) attach({ root, store: started.store });
  }
}

class ClassroomPanel {
  readonly element: HTMLElement;
  readonly #info: ClassroomInfo;
  readonly #body = h('div', {});
  readonly #status = h('p', { role: 'status', class: 'gcl-classroom__status' });
  readonly #notices = h('ul', { class: 'gcl-classroom__notices' });
  readonly #noticesBox: HTMLElement;
  readonly #labs: LabStartedDetail[] = [];
  readonly #seenReleases = new Set<number>();
  #membership: Membership | null = readMembership();
  #events: EventSource | null = null;

  constructor(info: ClassroomInfo) {
    this.#info = info;
    const titleId = uid('gcl-classroom');
    this.#noticesBox = h(
      'div',
      { hidden: true, 'aria-live': 'polite', 'data-gcl-classroom-releases': true },
      h('h3', {}, say('room.releases')),
      this.#notices,
    );
    this.element = h(
      'section',
      { class: 'gcl-classroom not-content', 'aria-labelledby': titleId, 'data-gcl-classroom': true },
      h('h2', { id: titleId }, say('room.title')),
      this.#body,
      this.#status,
      this.#noticesBox,
    );
    injectStyle();
    this.#render();
    if (this.#membership) this.#listen(this.#membership);
  }

  attachLab(detail: LabStartedDetail): void {
    if (this.#labs.some((lab) => lab.root === detail.root)) return;
    this.#labs.push(detail);
    const { root, store } = detail;
    let last = store.getState().report;
    store.subscribe((state) => {
      if (state.report === last) return;
      last = state.report;
      if (state.report && this.#membership) void this.#sendReport(store.lab.id, state.report.items, root);
    });
    this.#addShareButton(detail);
  }

  #render(): void {
    const membership = this.#membership;
    for (const lab of this.#labs)
      lab.root.querySelector('[data-gcl-classroom-share]')?.toggleAttribute('hidden', !membership);
    if (membership) {
      const text = h('p', {});
      text.textContent = say('room.joined', { code: membership.code, name: membership.name });
      replaceChildren(
        this.#body,
        text,
        h(
          'button',
          { type: 'button', class: 'gcl-classroom__button', onclick: () => this.#leave() },
          say('room.leave'),
        ),
      );
      return;
    }
    const codeId = uid('gcl-room-code');
    const nameId = uid('gcl-room-name');
    const fromLink = new URLSearchParams(location.search).get('room') ?? '';
    const code = h('input', {
      id: codeId,
      name: 'room',
      autocomplete: 'off',
      required: true,
      maxlength: 16,
      value: fromLink.toUpperCase(),
      'data-gcl-room-code': true,
    });
    const name = h('input', {
      id: nameId,
      name: 'name',
      autocomplete: 'nickname',
      required: true,
      maxlength: 40,
      'data-gcl-room-name': true,
    });
    const submit = h('button', { type: 'submit', class: 'gcl-classroom__button' }, say('room.join'));
    const form = h(
      'form',
      {
        class: 'gcl-classroom__form',
        onsubmit: (event: Event) => {
          event.preventDefault();
          void this.#join(code.value.trim(), name.value, submit);
        },
      },
      h('label', { for: codeId }, say('room.code')),
      code,
      h('label', { for: nameId }, say('room.name')),
      name,
      submit,
    );
    replaceChildren(this.#body, form);
  }

  async #join(code: string, name: string, submit: HTMLButtonElement): Promise<void> {
    submit.disabled = true;
    this.#status.textContent = say('room.joining');
    try {
      const joined = await api<{ token: string; student: { name: string }; room: { code: string } }>(
        '/api/join',
        {
          code,
          name,
        },
      );
      this.#membership = { token: joined.token, code: joined.room.code, name: joined.student.name };
      writeMembership(this.#membership);
      this.#status.textContent = '';
      this.#render();
      this.#listen(this.#membership);
    } catch (error) {
      this.#status.textContent = errorText(error, { code, name });
      submit.disabled = false;
    }
  }

  #leave(): void {
    this.#events?.close();
    this.#events = null;
    this.#membership = null;
    writeMembership(null);
    this.#seenReleases.clear();
    replaceChildren(this.#notices);
    this.#noticesBox.hidden = true;
    this.#status.textContent = '';
    this.#render();
  }

  /** The student's event stream: the releases so far (snapshot), then each new one. */
  #listen(membership: Membership): void {
    this.#events?.close();
    const events = new EventSource(
      `/api/student/events?access_token=${encodeURIComponent(membership.token)}`,
    );
    this.#events = events;
    events.addEventListener('snapshot', (event) => {
      const snapshot = JSON.parse((event as MessageEvent<string>).data) as { releases: Release[] };
      for (const release of snapshot.releases) this.#showRelease(release);
    });
    events.addEventListener('released', (event) => {
      this.#showRelease((JSON.parse((event as MessageEvent<string>).data) as { release: Release }).release);
    });
    events.addEventListener('error', () => {
      // A closed stream whose reconnection the server refused: ask why once; a 401 ends the membership.
      if (events.readyState !== EventSource.CLOSED) return;
      void fetch('/api/student', { headers: { authorization: `Bearer ${membership.token}` } }).then(
        (response) => {
          if (response.status === 401) {
            this.#leave();
            this.#status.textContent = say('room.error.UNAUTHORIZED');
          } else if (this.#membership === membership) {
            setTimeout(() => this.#membership === membership && this.#listen(membership), 5000);
          }
        },
      );
    });
  }

  #showRelease(release: Release): void {
    if (this.#seenReleases.has(release.id)) return;
    this.#seenReleases.add(release.id);
    const info = this.#info.titles?.[release.lab];
    const lab = info?.title[locale] ?? release.lab;
    const item = h('li', { 'data-gcl-release': release.kind, 'data-lab': release.lab });
    item.append(
      say(release.kind === 'solution' ? 'room.releasedSolution' : 'room.releasedLab', { lab }),
      ' ',
    );
    if (info) {
      const prefix = locale === 'zh-cn' ? '/zh-cn' : '';
      // The heading Lab.astro gives the lab on its lesson page.
      const anchor = `gcl-lab-${release.lab.replace(/[^a-z0-9]+/g, '-')}`;
      item.append(h('a', { href: `${prefix}/${info.lesson}/#${anchor}` }, say('room.open')));
    }
    this.#notices.prepend(item);
    this.#noticesBox.hidden = false;
  }

  async #sendReport(
    lab: string,
    items: readonly { name: { en: string; 'zh-cn': string }; pass: boolean }[],
    root: HTMLElement,
  ): Promise<void> {
    const membership = this.#membership;
    if (!membership) return;
    const status = root.querySelector<HTMLElement>('[data-gcl-classroom-share-status]');
    if (status) status.textContent = '';
    try {
      await api(
        '/api/student/results',
        {
          lab,
          items: items.map(({ name, pass }) => ({ name: { en: name.en, 'zh-cn': name['zh-cn'] }, pass })),
        },
        membership.token,
      );
      if (status) status.textContent = say('room.sent');
    } catch (error) {
      if (status) status.textContent = errorText(error, { code: membership.code, name: membership.name });
    }
  }

  #addShareButton({ root, store }: LabStartedDetail): void {
    const hintId = uid('gcl-share-hint');
    const status = h('span', { role: 'status', 'data-gcl-classroom-share-status': true });
    const button = h(
      'button',
      {
        type: 'button',
        class: 'gcl-classroom__button',
        'aria-describedby': hintId,
        onclick: () => {
          const membership = this.#membership;
          if (!membership) return;
          const files = Object.fromEntries(
            Object.entries(store.getState().files).filter(([file]) => file.endsWith('.ts')),
          );
          api('/api/student/shares', { lab: store.lab.id, files }, membership.token).then(
            () => (status.textContent = say('room.shared')),
            (error: unknown) =>
              (status.textContent = errorText(error, { code: membership.code, name: membership.name })),
          );
        },
      },
      say('room.share'),
    );
    root.append(
      h(
        'div',
        {
          class: 'gcl-classroom__share not-content',
          'data-gcl-classroom-share': true,
          hidden: !this.#membership,
        },
        button,
        h('span', { id: hintId, class: 'gcl-classroom__hint' }, say('room.shareHint')),
        status,
      ),
    );
  }
}

function injectStyle(): void {
  const style = document.createElement('style');
  style.textContent = `
.gcl-classroom{border:1px solid var(--sl-color-gray-5);border-radius:.5rem;padding:.75rem 1rem;margin-block:1rem}
.gcl-classroom h2{font-size:var(--sl-text-lg);margin:0 0 .5rem}
.gcl-classroom h3{font-size:var(--sl-text-base);margin:.75rem 0 .25rem}
.gcl-classroom__form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.gcl-classroom__form input{padding:.25rem .5rem;border:1px solid var(--sl-color-gray-3);border-radius:.25rem;background:var(--sl-color-black);color:var(--sl-color-white)}
.gcl-classroom__button{padding:.25rem .75rem;border:1px solid var(--sl-color-accent);border-radius:.25rem;background:var(--sl-color-accent-low);color:var(--sl-color-white);cursor:pointer}
.gcl-classroom__button:focus-visible,.gcl-classroom__form input:focus-visible{outline:2px solid var(--sl-color-text-accent);outline-offset:2px}
.gcl-classroom__share{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin-top:.5rem}
.gcl-classroom__share[hidden]{display:none}
.gcl-classroom__hint{font-size:var(--sl-text-sm);color:var(--sl-color-gray-2)}
`;
  document.head.append(style);
}
