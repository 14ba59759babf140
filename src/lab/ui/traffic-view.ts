/**
 * The Traffic view's drawing and controls (loaded when the Traffic tab is first opened): the
 * topology at one moment of the run in plain SVG — callers and services as boxes in columns by
 * call depth, a service's instances listed inside its box, calls as arrows labelled with their
 * numbers — coloured like Kiali by health, with the health also written (and drawn as a dash
 * pattern), so colour is never the only sign; a slider over the mesh's time to replay (arrows,
 * Page Up/Down, Home/End) and "Follow live" to track the latest records while the program runs;
 * and tables of the same numbers for screen readers and narrow screens.
 *
 * Invariants: every number comes from traffic-model.ts for the moment the slider shows; the layout
 * depends only on the order nodes were first seen, so nothing moves while replaying; every control
 * is labelled; the tables sit in focusable scroll boxes so a 390 px screen can reach every column.
 */
import { h, replaceChildren, svg, uid } from './dom.ts';
import type { LabStringKey, Translate } from './i18n.ts';
import { injectStyle } from './inject-style.ts';
import type { LabState } from './lab-state.ts';
import {
  trafficAt,
  trafficModel,
  type EdgeStats,
  type Health,
  type NodeStats,
  type TrafficModel,
  type TrafficSnapshot,
} from './traffic-model.ts';
import css from './traffic.css?inline';

const BOX_W = 168;
const GAP_X = 176;
const LINE_H = 18;
const PAD = 8;
/** Slider positions across the run: arrows move a hundredth of it. */
const STEPS = 100;
const HEALTHS: readonly Health[] = ['healthy', 'degraded', 'failing', 'idle'];

const seconds = (ms: number) => (ms / 1000).toFixed(2);

export class TrafficView {
  readonly element: HTMLElement;
  readonly #t: Translate;
  readonly #slider: HTMLInputElement;
  readonly #live: HTMLInputElement;
  readonly #position: HTMLElement;
  readonly #summary: HTMLElement;
  readonly #capped: HTMLElement;
  readonly #picture: HTMLElement;
  readonly #calls: HTMLElement;
  readonly #instances: HTMLElement;
  #events: LabState['traffic'] = null;
  #model: TrafficModel | null = null;
  /** Milliseconds after the model's start that the view shows. */
  #offset = 0;

  constructor(t: Translate) {
    injectStyle(css);
    this.#t = t;
    const sliderId = uid('gcl-traffic-time');
    const liveId = uid('gcl-traffic-live');
    this.#slider = h('input', {
      id: sliderId,
      type: 'range',
      min: 0,
      max: STEPS,
      step: 1,
      value: STEPS,
      class: 'gcl-traffic__slider',
      'data-gcl-traffic-slider': true,
      oninput: () => {
        this.#live.checked = false;
        this.#offset = (Number(this.#slider.value) / STEPS) * this.#span();
        this.#draw();
      },
    });
    this.#live = h('input', {
      id: liveId,
      type: 'checkbox',
      checked: true,
      'data-gcl-traffic-live': true,
      onchange: () => {
        if (this.#live.checked) this.#follow();
      },
    });
    this.#position = h('span', { class: 'gcl-traffic__position', 'data-gcl-traffic-position': true });
    this.#summary = h('p', { class: 'gcl-traffic__summary', 'data-gcl-traffic-summary': true });
    this.#capped = h('p', { class: 'gcl-traffic__note', hidden: true });
    this.#picture = h('div', { class: 'gcl-traffic__picture' });
    this.#calls = h('div', { class: 'gcl-traffic__table', tabindex: 0, 'data-gcl-traffic-calls': true });
    this.#instances = h('div', {
      class: 'gcl-traffic__table',
      tabindex: 0,
      'data-gcl-traffic-instances': true,
    });
    const legend = h(
      'ul',
      { class: 'gcl-traffic__legend' },
      ...HEALTHS.map((health) =>
        h(
          'li',
          {},
          h('span', { class: `gcl-traffic__swatch gcl-traffic--${health}`, 'aria-hidden': 'true' }),
          t(`traffic.legend.${health}`),
        ),
      ),
    );
    this.element = h(
      'div',
      { class: 'gcl-traffic', 'data-gcl-traffic-view': true },
      h(
        'div',
        { class: 'gcl-traffic__controls' },
        h('label', { for: sliderId }, t('traffic.slider')),
        this.#slider,
        this.#position,
        h('span', { class: 'gcl-traffic__live' }, this.#live, h('label', { for: liveId }, t('traffic.live'))),
      ),
      this.#capped,
      this.#summary,
      this.#picture,
      legend,
      h('p', { class: 'gcl-traffic__note' }, t('traffic.about')),
      h('h4', { class: 'gcl-traffic__heading' }, t('traffic.calls')),
      this.#calls,
      h('h4', { class: 'gcl-traffic__heading' }, t('traffic.instances')),
      this.#instances,
    );
  }

  /** Shows the state's traffic: the latest moment while following live, else the moment chosen. */
  show(state: LabState): void {
    if (state.traffic === this.#events) return;
    this.#events = state.traffic;
    this.#model = state.traffic === null ? null : trafficModel(state.traffic.events);
    const total = state.traffic?.total ?? 0;
    const shown = state.traffic?.events.length ?? 0;
    this.#capped.hidden = shown >= total;
    this.#capped.textContent = this.#t('traffic.capped', { shown, total });
    if (this.#live.checked) this.#follow();
    else this.#draw();
  }

  #span(): number {
    return this.#model === null ? 0 : this.#model.end - this.#model.start;
  }

  #follow(): void {
    this.#offset = this.#span();
    this.#slider.value = String(STEPS);
    this.#draw();
  }

  #draw(): void {
    const model = this.#model;
    const t = this.#t;
    if (model === null || model.requests.length === 0) {
      this.#summary.textContent = t('traffic.empty');
      this.#position.textContent = '';
      replaceChildren(this.#picture);
      replaceChildren(this.#calls);
      replaceChildren(this.#instances);
      return;
    }
    const span = this.#span();
    const at = model.start + Math.min(this.#offset, span);
    this.#slider.value = String(span === 0 ? STEPS : Math.round(((at - model.start) / span) * STEPS));
    const snap = trafficAt(model, at);
    const position = t('traffic.position', { t: seconds(at - model.start), end: seconds(this.#span()) });
    this.#position.textContent = position;
    let requests = 0;
    let errors = 0;
    for (const e of snap.edges) {
      requests += e.requests;
      errors += e.errors;
    }
    const summary = t('traffic.summary', { requests, errors });
    this.#summary.textContent = summary;
    this.#slider.setAttribute('aria-valuetext', `${position}: ${summary}`);
    replaceChildren(this.#picture, this.#topology(snap));
    replaceChildren(this.#calls, this.#callTable(snap));
    replaceChildren(this.#instances, this.#instanceTable(snap));
  }

  #nodeName(key: string, snap: TrafficSnapshot): string {
    const node = snap.nodes.find((n) => n.key === key);
    if (node?.kind === 'outside') return this.#t('traffic.outside');
    if (node?.kind === 'program') return this.#t('traffic.program');
    return node?.name ?? key;
  }

  #ms(value: number): string {
    if (Number.isNaN(value)) return this.#t('traffic.none');
    return this.#t('traffic.ms', { n: value < 10 ? value.toFixed(1) : Math.round(value) });
  }

  #percent(value: number): string {
    return Number.isNaN(value) ? this.#t('traffic.none') : `${(value * 100).toFixed(1)}%`;
  }

  #rps(value: number): string {
    return Number.isNaN(value) ? this.#t('traffic.none') : value.toFixed(2);
  }

  #health(health: Health): string {
    return this.#t(`traffic.health.${health}`);
  }

  /** Boxes in columns by call depth (callers left of what they call), arrows with their numbers. */
  #topology(snap: TrafficSnapshot): SVGElement {
    const t = this.#t;
    const depth = new Map<string, number>(snap.nodes.map((n) => [n.key, 0]));
    // Longest path from a caller, bounded by the node count so a cycle of calls cannot loop forever.
    for (let round = 0; round < snap.nodes.length; round++)
      for (const e of snap.edges)
        if (e.from !== e.to) depth.set(e.to, Math.max(depth.get(e.to) ?? 0, (depth.get(e.from) ?? 0) + 1));
    const boxes = new Map<string, { x: number; y: number; h: number }>();
    const columnY = new Map<number, number>();
    const lines = (n: NodeStats) => 2 + (n.breaker === 'closed' ? 0 : 1) + n.instances.length;
    for (const n of snap.nodes) {
      const d = Math.min(depth.get(n.key) ?? 0, snap.nodes.length);
      const y = columnY.get(d) ?? PAD;
      const height = lines(n) * LINE_H + PAD;
      boxes.set(n.key, { x: PAD + d * (BOX_W + GAP_X), y, h: height });
      columnY.set(d, y + height + 3 * PAD);
    }
    const width = Math.max(...[...boxes.values()].map((b) => b.x + BOX_W)) + PAD;
    const height = Math.max(...columnY.values());
    const arrowId = uid('gcl-traffic-arrow');
    const picture = svg(
      'svg',
      {
        viewBox: `0 0 ${width} ${height}`,
        width,
        height,
        role: 'img',
        'aria-label': t('traffic.picture'),
        class: 'gcl-traffic__svg',
      },
      svg(
        'defs',
        {},
        svg(
          'marker',
          {
            id: arrowId,
            viewBox: '0 0 10 10',
            refX: 10,
            refY: 5,
            markerWidth: 7,
            markerHeight: 7,
            orient: 'auto',
          },
          svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'gcl-traffic__arrow' }),
        ),
      ),
    );
    for (const e of snap.edges) this.#edge(picture, e, boxes, arrowId);
    for (const n of snap.nodes) {
      const box = boxes.get(n.key);
      if (box) picture.append(this.#node(n, box, snap));
    }
    return picture;
  }

  #edge(
    picture: SVGElement,
    e: EdgeStats,
    boxes: ReadonlyMap<string, { x: number; y: number; h: number }>,
    arrowId: string,
  ): void {
    const from = boxes.get(e.from);
    const to = boxes.get(e.to);
    if (!from || !to || e.from === e.to) return;
    const x1 = from.x + BOX_W;
    const y1 = from.y + LINE_H;
    const x2 = to.x;
    const y2 = to.y + LINE_H;
    const t = this.#t;
    const label = [
      t('traffic.edge.requests', { n: e.requests, rps: this.#rps(e.rps) }),
      t('traffic.edge.quality', { success: this.#percent(e.successRate), p99: this.#ms(e.p99Ms) }),
      ...(e.retries > 0 || e.rateLimited > 0
        ? [t('traffic.edge.extra', { retries: e.retries, limited: e.rateLimited })]
        : []),
      this.#health(e.health),
    ];
    const midX = (x1 + x2) / 2;
    const below = Math.max(y1, y2) + LINE_H - 2;
    picture.append(
      svg(
        'g',
        { class: `gcl-traffic__edge gcl-traffic--${e.health}`, 'data-gcl-traffic-edge': e.key },
        svg('line', { x1, y1, x2: x2 - 2, y2, 'marker-end': `url(#${arrowId})` }),
        svg(
          'text',
          { x: midX, y: below, 'text-anchor': 'middle', class: 'gcl-traffic__label' },
          ...label.map((line, i) => svg('tspan', { x: midX, dy: i === 0 ? 0 : LINE_H - 3 }, line)),
        ),
      ),
    );
  }

  #node(n: NodeStats, box: { x: number; y: number; h: number }, snap: TrafficSnapshot): SVGElement {
    const t = this.#t;
    const rows: { text: string; className: string }[] = [
      { text: this.#nodeName(n.key, snap), className: 'gcl-traffic__name' },
    ];
    if (n.kind === 'service')
      rows.push({
        text: t('traffic.node.requests', { health: this.#health(n.health), n: n.requests }),
        className: 'gcl-traffic__text',
      });
    else rows.push({ text: '', className: 'gcl-traffic__text' });
    if (n.breaker !== 'closed')
      rows.push({ text: t(`traffic.breaker.${n.breaker}`), className: 'gcl-traffic__warn' });
    for (const i of n.instances)
      rows.push({
        text: `${t('traffic.instance', { id: i.id, n: i.requests })}${i.ejected ? ` · ${t('traffic.ejected')}` : ''}`,
        className: i.ejected ? 'gcl-traffic__warn' : 'gcl-traffic__text',
      });
    const health = n.kind === 'service' ? n.health : 'idle';
    return svg(
      'g',
      { class: `gcl-traffic__node gcl-traffic--${health}`, 'data-gcl-traffic-node': n.key },
      svg('rect', { x: box.x, y: box.y, width: BOX_W, height: box.h, rx: 6 }),
      ...rows.map((row, i) =>
        svg('text', { x: box.x + PAD, y: box.y + (i + 1) * LINE_H - 2, class: row.className }, row.text),
      ),
    );
  }

  #table(head: readonly LabStringKey[], rows: readonly (readonly string[])[]): HTMLTableElement {
    const t = this.#t;
    return h(
      'table',
      {},
      h('thead', {}, h('tr', {}, ...head.map((key) => h('th', { scope: 'col' }, t(key))))),
      h(
        'tbody',
        {},
        ...rows.map(([first = '', ...rest]) =>
          h('tr', {}, h('th', { scope: 'row' }, first), ...rest.map((c) => h('td', {}, c))),
        ),
      ),
    );
  }

  #callTable(snap: TrafficSnapshot): HTMLTableElement {
    return this.#table(
      [
        'traffic.col.from',
        'traffic.col.to',
        'traffic.col.requests',
        'traffic.col.rps',
        'traffic.col.success',
        'traffic.col.p50',
        'traffic.col.p99',
        'traffic.col.retries',
        'traffic.col.rateLimited',
        'traffic.col.denied',
        'traffic.col.health',
      ],
      snap.edges.map((e) => [
        this.#nodeName(e.from, snap),
        this.#nodeName(e.to, snap),
        String(e.requests),
        this.#rps(e.rps),
        this.#percent(e.successRate),
        this.#ms(e.p50Ms),
        this.#ms(e.p99Ms),
        String(e.retries),
        String(e.rateLimited),
        String(e.denied),
        this.#health(e.health),
      ]),
    );
  }

  #instanceTable(snap: TrafficSnapshot): HTMLTableElement {
    const t = this.#t;
    return this.#table(
      [
        'traffic.col.instance',
        'traffic.col.service',
        'traffic.col.requests',
        'traffic.col.errors',
        'traffic.col.state',
        'traffic.col.health',
      ],
      snap.nodes.flatMap((n) =>
        n.instances.map((i) => [
          i.id,
          n.name,
          String(i.requests),
          String(i.errors),
          [
            i.ejected ? t('traffic.ejected') : t('traffic.inRotation'),
            ...(n.breaker === 'closed' ? [] : [t(`traffic.breaker.${n.breaker}`)]),
          ].join(' · '),
          this.#health(i.health),
        ]),
      ),
    );
  }
}
