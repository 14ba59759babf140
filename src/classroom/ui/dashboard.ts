/**
 * The instructor's dashboard (/teach/classroom/, both locales): asks for the instructor key, keeps
 * it in this tab's sessionStorage, opens the instructor event stream and draws, live, the grid of
 * students × labs (attempts, items passed, last result), the check items most students fail per
 * lab, the releases (each lab and its solution, and "the next lab"), the shared code, and the CSV
 * export link.
 *
 * Invariants: the state is the server's snapshot plus the events after it, applied in order (the
 * browser's EventSource resumes from `Last-Event-ID`, also across a server restart); names typed
 * by students reach the page only as text nodes; the most-failed list follows the server's rule
 * (per lab, the items failed in the most students' latest reports, five at most); on a host that is
 * not a classroom server the page says so and asks for nothing.
 */
import { h, replaceChildren, uid } from '../../lab/ui/dom.ts';
import {
  mostFailing,
  nextLab,
  type LabInfo,
  type LabResult,
  type Release,
  type Share,
  type Student,
} from './dashboard-model.ts';
import { classroomLocale, sayer } from './strings.ts';

const KEY_STORAGE = 'gcl:classroom:instructor-key';

interface Dashboard {
  room: { code: string };
  labs: LabInfo[];
  students: Student[];
  results: LabResult[];
  releases: Release[];
  shares: Share[];
}

function text(tag: keyof HTMLElementTagNameMap, value: string, attrs: Record<string, string | boolean> = {}) {
  const el = h(tag, attrs);
  el.textContent = value;
  return el;
}

const root = document.querySelector<HTMLElement>('[data-gcl-dashboard]');
if (root) void start(root);

async function start(root: HTMLElement): Promise<void> {
  const locale = classroomLocale(root.dataset['locale']);
  const say = sayer(locale);
  const info = await fetch('/api/classroom')
    .then((r) => (r.ok ? (r.json() as Promise<{ service?: string }>) : null))
    .catch(() => null);
  if (info?.service !== 'go-concurrency-labs-classroom') {
    root.querySelector<HTMLElement>('[data-gcl-dashboard-static]')?.removeAttribute('hidden');
    return;
  }
  const app = h('div', {});
  root.append(app);
  let key = '';
  try {
    key = sessionStorage.getItem(KEY_STORAGE) ?? '';
  } catch {
    // Storage disabled: the key is asked for on each visit.
  }

  const askKey = (message = '') => {
    const inputId = uid('gcl-key');
    const hintId = uid('gcl-key-hint');
    const input = h('input', {
      id: inputId,
      type: 'password',
      autocomplete: 'off',
      required: true,
      'aria-describedby': hintId,
      'data-gcl-dashboard-key': true,
    });
    const status = text('p', message, { role: 'status' });
    replaceChildren(
      app,
      h(
        'form',
        {
          class: 'gcl-dashboard__form',
          onsubmit: (event: Event) => {
            event.preventDefault();
            void open(input.value.trim());
          },
        },
        text('label', say('dash.key'), { for: inputId }),
        input,
        h('button', { type: 'submit', class: 'gcl-classroom__button' }, say('dash.open')),
        text('p', say('dash.keyHint'), { id: hintId, class: 'gcl-classroom__hint' }),
      ),
      status,
    );
  };

  const open = async (candidate: string) => {
    const response = await fetch('/api/instructor/dashboard', {
      headers: { authorization: `Bearer ${candidate}` },
    }).catch(() => null);
    if (!response?.ok) {
      askKey(say('dash.badKey'));
      return;
    }
    key = candidate;
    try {
      sessionStorage.setItem(KEY_STORAGE, key);
    } catch {
      // Kept in memory only.
    }
    live((await response.json()) as Dashboard);
  };

  const live = (first: Dashboard) => {
    let state = first;
    const connection = text('p', say('dash.live'), { role: 'status', 'data-gcl-dashboard-connection': true });
    const heading = h('h2', {});
    const grid = h('div', { class: 'gcl-dashboard__grid' });
    const failing = h('div', {});
    const releases = h('div', {});
    const shares = h('div', {});
    const csv = text('a', say('dash.csv'), {
      href: `/api/instructor/export.csv?access_token=${encodeURIComponent(key)}`,
      download: 'classroom.csv',
    });
    const forget = h(
      'button',
      {
        type: 'button',
        class: 'gcl-classroom__button',
        onclick: () => {
          events.close();
          try {
            sessionStorage.removeItem(KEY_STORAGE);
          } catch {
            // Nothing was kept.
          }
          askKey();
        },
      },
      say('dash.forget'),
    );
    replaceChildren(
      app,
      heading,
      connection,
      h('p', { class: 'gcl-dashboard__actions' }, csv, ' ', forget),
      grid,
      failing,
      releases,
      shares,
    );
    const title = (lab: string) => state.labs.find((l) => l.id === lab)?.title[locale] ?? lab;

    const release = (kind: 'lab' | 'solution', lab: string, button: HTMLButtonElement) => {
      button.disabled = true;
      void fetch('/api/instructor/releases', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind, lab }),
      }).then(async (response) => {
        if (!response.ok) {
          button.disabled = false;
          return;
        }
        // The stream brings it too; applying it now keeps the button's state right without waiting.
        apply('released', (await response.json()) as { release: Release });
      });
    };

    const render = () => {
      heading.textContent = say('dash.room', { code: state.room.code, students: state.students.length });
      // The grid: the labs someone tried or that were released, in the server's order.
      const shown = state.labs.filter(
        (lab) => state.results.some((r) => r.lab === lab.id) || state.releases.some((r) => r.lab === lab.id),
      );
      if (state.students.length === 0) {
        replaceChildren(grid, text('p', say('dash.noStudents')));
      } else {
        const byCell = new Map(state.results.map((r) => [`${r.studentId} ${r.lab}`, r]));
        const table = h(
          'table',
          { 'data-gcl-dashboard-grid': true },
          text('caption', say('dash.grid')),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              text('th', say('dash.student'), { scope: 'col' }),
              ...shown.map((lab) => text('th', lab.title[locale], { scope: 'col' })),
            ),
          ),
          h(
            'tbody',
            {},
            ...state.students.map((student) =>
              h(
                'tr',
                { 'data-student': student.name },
                text('th', student.name, { scope: 'row' }),
                ...shown.map((lab) => {
                  const result = byCell.get(`${student.id} ${lab.id}`);
                  if (!result)
                    return text('td', say('dash.notTried'), { 'data-lab': lab.id, 'data-state': 'none' });
                  return text(
                    'td',
                    `${result.passed ? say('dash.cellPassed') : say('dash.cellFailing')}: ${say('dash.cell', {
                      passed: result.passedItems,
                      total: result.totalItems,
                      attempts: result.attempts,
                    })}`,
                    { 'data-lab': lab.id, 'data-state': result.passed ? 'passed' : 'failing' },
                  );
                }),
              ),
            ),
          ),
        );
        replaceChildren(grid, table);
      }

      const top = mostFailing(state.results);
      replaceChildren(
        failing,
        text('h3', say('dash.failing')),
        top.size === 0
          ? text('p', say('dash.noFailing'))
          : h(
              'dl',
              { 'data-gcl-dashboard-failing': true },
              ...[...top].flatMap(([lab, items]) => [
                text('dt', title(lab)),
                ...items.map((entry) =>
                  text(
                    'dd',
                    say('dash.failingItem', { item: entry.item[locale], students: entry.students }),
                    {
                      'data-lab': lab,
                    },
                  ),
                ),
              ]),
            ),
      );

      const done = (kind: 'lab' | 'solution', lab: string) =>
        state.releases.some((r) => r.kind === kind && r.lab === lab);
      const button = (kind: 'lab' | 'solution', lab: LabInfo) => {
        if (done(kind, lab.id)) return text('span', say('dash.released'), { 'data-released': kind });
        const el = h(
          'button',
          {
            type: 'button',
            class: 'gcl-classroom__button',
            'aria-label': `${say(kind === 'lab' ? 'dash.releaseLab' : 'dash.releaseSolution')}: ${lab.title[locale]}`,
            'data-release': kind,
            'data-lab': lab.id,
          },
          say(kind === 'lab' ? 'dash.releaseLab' : 'dash.releaseSolution'),
        );
        el.addEventListener('click', () => release(kind, lab.id, el));
        return el;
      };
      const next = nextLab(state.labs, state.releases);
      const nextButton = next
        ? (() => {
            const el = text('button', `${say('dash.releaseLab')}: ${next.title[locale]}`, {
              type: 'button',
              class: 'gcl-classroom__button',
              'data-release-next': true,
            }) as HTMLButtonElement;
            el.addEventListener('click', () => release('lab', next.id, el));
            return el;
          })()
        : null;
      replaceChildren(
        releases,
        text('h3', say('dash.releases')),
        nextButton,
        h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              text('th', say('dash.lab'), { scope: 'col' }),
              text('th', say('dash.releaseLab'), { scope: 'col' }),
              text('th', say('dash.releaseSolution'), { scope: 'col' }),
            ),
          ),
          h(
            'tbody',
            {},
            ...state.labs.map((lab) =>
              h(
                'tr',
                {},
                text('th', lab.title[locale], { scope: 'row' }),
                h('td', {}, button('lab', lab)),
                h('td', {}, button('solution', lab)),
              ),
            ),
          ),
        ),
      );

      const studentName = (id: number) => state.students.find((s) => s.id === id)?.name ?? String(id);
      replaceChildren(
        shares,
        text('h3', say('dash.shares')),
        state.shares.length === 0
          ? text('p', say('dash.noShares'))
          : h(
              'ul',
              { 'data-gcl-dashboard-shares': true },
              ...[...state.shares].reverse().map((share) => {
                const code = h('div', {});
                const details = h(
                  'details',
                  {},
                  text(
                    'summary',
                    say('dash.shareOf', { name: studentName(share.studentId), lab: title(share.lab) }),
                  ),
                  code,
                );
                details.addEventListener(
                  'toggle',
                  () => {
                    void fetch(`/api/instructor/shares/${share.id}`, {
                      headers: { authorization: `Bearer ${key}` },
                    })
                      .then((r) => r.json() as Promise<{ share: { code: Record<string, string> } }>)
                      .then(({ share: full }) =>
                        replaceChildren(
                          code,
                          ...Object.entries(full.code).flatMap(([file, source]) => [
                            text('p', file),
                            h('pre', { tabindex: 0 }, text('code', source)),
                          ]),
                        ),
                      );
                  },
                  { once: true },
                );
                return h('li', {}, details);
              }),
            ),
      );
    };

    const apply = (type: string, data: unknown) => {
      if (type === 'snapshot') state = data as Dashboard;
      else if (type === 'joined') {
        const { student } = data as { student: Student };
        if (!state.students.some((s) => s.id === student.id)) state.students = [...state.students, student];
      } else if (type === 'result') {
        const { result } = data as { result: LabResult };
        state.results = [
          ...state.results.filter((r) => !(r.studentId === result.studentId && r.lab === result.lab)),
          result,
        ];
      } else if (type === 'released') {
        const { release: r } = data as { release: Release };
        if (!state.releases.some((x) => x.id === r.id)) state.releases = [...state.releases, r];
      } else if (type === 'shared') {
        const { share } = data as { share: Share };
        if (!state.shares.some((x) => x.id === share.id)) state.shares = [...state.shares, share];
      }
      render();
    };

    const events = new EventSource(`/api/instructor/events?access_token=${encodeURIComponent(key)}`);
    for (const type of ['snapshot', 'joined', 'result', 'released', 'shared']) {
      events.addEventListener(type, (event) => {
        connection.textContent = say('dash.live');
        apply(type, JSON.parse((event as MessageEvent<string>).data));
      });
    }
    // After a restart the stream resumes from Last-Event-ID and may bring no event at once.
    events.addEventListener('open', () => {
      connection.textContent = say('dash.live');
    });
    events.addEventListener('error', () => {
      connection.textContent = say('dash.reconnecting');
    });
    render();
  };

  if (key) await open(key);
  else askKey();
}
