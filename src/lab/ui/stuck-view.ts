/**
 * The deadlock explainer and the leak report under the program's output: after a deadlock, a
 * disclosure ("Why is it stuck?", open) with one sentence per goroutine, the cycle if there is
 * one, and a wait-for picture (plain SVG: goroutines on the left, the channels and locks they wait
 * on on the right); after main returned leaving goroutines alive, a dimmed list of them. Words come
 * from i18n.ts through the model (stuck-model.ts); Go's dump in the terminal is untouched.
 *
 * Invariants: the sentences are the accessible text (a list, names in <code>); the picture is one
 * `role="img"` labelled by its heading and described by that list, so nothing is said only in the
 * drawing; edges are told apart by dash and label as well as colour; hidden when the last run left
 * nothing stuck.
 */
import { h, inlineCode, replaceChildren, uid } from './dom.ts';
import type { Translate } from './i18n.ts';
import type { LabState } from './lab-state.ts';
import { stuckModel, wordPhrase, type StuckModel } from './stuck-model.ts';

const SVG = 'http://www.w3.org/2000/svg';
const ROW = 46;
const BOX_W = 200;
const BOX_H = 30;
const LEFT = 8;
const RIGHT = 352;
const WIDTH = RIGHT + BOX_W + 8;

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** The wait-for picture: goroutines left, objects right, arrows for waits, holds and would-wake. */
function picture(t: Translate, model: StuckModel, labelId: string, describedBy: string): SVGSVGElement {
  const goroutines = model.nodes.filter((n) => n.kind === 'goroutine');
  const objects = model.nodes.filter((n) => n.kind !== 'goroutine');
  const rows = Math.max(goroutines.length, objects.length);
  const height = rows * ROW + 8;
  const pos = new Map<string, { x: number; y: number }>();
  goroutines.forEach((n, i) => pos.set(n.id, { x: LEFT, y: 8 + i * ROW }));
  objects.forEach((n, i) => pos.set(n.id, { x: RIGHT, y: 8 + i * ROW }));
  const root = svg('svg', {
    class: 'gcl-stuck__picture',
    viewBox: `0 0 ${WIDTH} ${height}`,
    role: 'img',
    'aria-labelledby': labelId,
    'aria-describedby': describedBy,
  });
  const marker = uid('gcl-arrow');
  const defs = svg('defs', {});
  const head = svg('marker', {
    id: marker,
    viewBox: '0 0 10 10',
    refX: 10,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: 'auto-start-reverse',
  });
  head.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'gcl-stuck__head' }));
  defs.append(head);
  root.append(defs);
  for (const e of model.edges) {
    const a = pos.get(e.from)!;
    const b = pos.get(e.to)!;
    // Goroutine → object runs left to right just above the middle; object → goroutine just below.
    const forward = e.kind === 'waits';
    const dy = forward ? BOX_H / 2 - 5 : BOX_H / 2 + 5;
    const x1 = forward ? a.x + BOX_W : a.x;
    const x2 = forward ? b.x : b.x + BOX_W;
    const y1 = a.y + dy;
    const y2 = b.y + dy;
    root.append(
      svg('line', {
        x1,
        y1,
        x2,
        y2,
        class: `gcl-stuck__edge gcl-stuck__edge--${e.kind}`,
        'marker-end': `url(#${marker})`,
      }),
    );
    const label =
      e.kind === 'waits'
        ? t(`stuck.edge.${e.op === 'recv' ? 'recv' : (e.op ?? 'wait')}`)
        : t(`stuck.edge.${e.kind}`);
    root.append(
      svg(
        'text',
        { x: (x1 + x2) / 2, y: (y1 + y2) / 2 + (forward ? -4 : 12), class: 'gcl-stuck__label' },
        label,
      ),
    );
  }
  for (const n of [...goroutines, ...objects]) {
    const p = pos.get(n.id)!;
    const onCycle = model.cycle?.includes(n.id) ?? false;
    root.append(
      svg('rect', {
        x: p.x,
        y: p.y,
        width: BOX_W,
        height: BOX_H,
        rx: n.kind === 'goroutine' ? 15 : 4,
        class: `gcl-stuck__node${n.kind === 'goroutine' ? '' : ' gcl-stuck__node--object'}${onCycle ? ' gcl-stuck__node--cycle' : ''}`,
      }),
      svg(
        'text',
        { x: p.x + BOX_W / 2, y: p.y + BOX_H / 2 + 5, class: 'gcl-stuck__name' },
        wordPhrase(t, n.label).replaceAll('`', ''),
      ),
    );
  }
  return root;
}

export class StuckView {
  readonly element = h('section', { class: 'gcl-stuck', hidden: true, 'data-gcl-stuck': true });
  readonly #t: Translate;

  constructor(t: Translate) {
    this.#t = t;
  }

  render(state: LabState): void {
    const t = this.#t;
    const stuck = state.stuck;
    this.element.hidden = stuck === null;
    if (stuck === null) {
      replaceChildren(this.element);
      return;
    }
    const model = stuckModel(stuck.report, stuck.files);
    const listId = uid('gcl-stuck-list');
    const headingId = uid('gcl-stuck-title');
    const list = h(
      'ul',
      { class: 'gcl-stuck__sentences', id: listId },
      ...model.sentences.map((s) =>
        h('li', { 'data-goroutine': String(s.goroutine) }, ...inlineCode(wordPhrase(t, s.text))),
      ),
    );
    this.element.dataset['kind'] = model.kind;
    if (model.kind === 'leak') {
      replaceChildren(
        this.element,
        h('h3', { class: 'gcl-stuck__title', id: headingId }, t('stuck.leakTitle')),
        list,
      );
      this.element.setAttribute('aria-labelledby', headingId);
      return;
    }
    this.element.setAttribute('aria-labelledby', headingId);
    const details = h(
      'details',
      { class: 'gcl-stuck__details', open: true },
      h('summary', { class: 'gcl-stuck__summary' }, h('span', { id: headingId }, t('stuck.summary'))),
      list,
      model.cycleText === null
        ? null
        : h('p', { class: 'gcl-stuck__cycle' }, ...inlineCode(wordPhrase(t, model.cycleText))),
      h('figure', { class: 'gcl-stuck__figure' }, h('figcaption', {}, t('stuck.picture'))),
    );
    const figure = details.querySelector('figure')!;
    const captionId = uid('gcl-stuck-caption');
    figure.querySelector('figcaption')!.id = captionId;
    figure.append(picture(t, model, captionId, listId));
    replaceChildren(this.element, details);
  }
}
