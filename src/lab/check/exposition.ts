/**
 * The Prometheus text exposition format (version 0.0.4, what a `/metrics` endpoint answers), read
 * the way a scraper reads it, for checks that scrape a learner's service: `parseExposition` turns
 * the text into metric families, and `histogramProblems` says what is wrong with a histogram's
 * series (what `histogram_quantile` would trip over).
 *
 * The grammar is the format's own (prometheus/docs "Exposition formats", and expfmt's text parser):
 * `# HELP name text` (text escapes `\\` and `\n`) and `# TYPE name type` come before the family's
 * first sample, at most once each; other `#` lines are comments; a sample is
 * `name{label="value",…} value [timestamp]`, where a label value escapes `\\`, `\"` and `\n`, the
 * label set may end with a comma, and the value is a Go float (`NaN`, `+Inf`, `-Inf` included).
 * A histogram `x` owns the samples `x_bucket` (with an `le` label), `x_sum` and `x_count`; a summary
 * owns `x`, `x_sum` and `x_count`. Invariants: the first problem ends the parse, and it names its
 * line (1-based) and quotes it, in both languages, so a learner can find it; every family's samples
 * are one group, and no series (name and label set) appears twice.
 */
import type { CheckText } from './text.ts';

/**
 * A metric family's type as `# TYPE` declares it (Prometheus text format 0.0.4).
 *
 * Go: `dto.MetricType` (`COUNTER`, `GAUGE`, `HISTOGRAM`, `SUMMARY`, `UNTYPED`).
 */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

/**
 * One sample line of a `/metrics` page: name, labels and value (Prometheus text format).
 *
 * Go: `dto.Metric` (labels and a value) of `prometheus/client_model`.
 */
export interface Sample {
  /** The sample's own name (`x_bucket` for a histogram `x`'s bucket). */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  /** Milliseconds since the epoch, when the line gives one. */
  readonly timestamp?: number;
  /** The 1-based line it was read from. */
  readonly line: number;
}

/**
 * One metric family of a `/metrics` page: its `# TYPE`, `# HELP` and sample lines. Go: what
 * `prometheus/client_golang`'s `promhttp.Handler` writes for one collector.
 */
export interface MetricFamily {
  readonly name: string;
  /** From `# TYPE`; `untyped` without one. */
  readonly type: MetricType;
  /** From `# HELP`, unescaped. */
  readonly help?: string;
  readonly samples: readonly Sample[];
}

/**
 * Something the text or a histogram gets wrong, at `line` (1-based), which reads `text`.
 *
 * Go: the parse error of `expfmt.TextParser`.
 */
export interface ExpositionProblem {
  readonly line: number;
  readonly text: string;
  readonly problem: CheckText;
}

/**
 * The result of `parseExposition`: the families by name, or the first problem found.
 *
 * Go: the result of `expfmt.TextParser.TextToMetricFamilies`.
 */
export type Exposition =
  | { readonly ok: true; readonly families: ReadonlyMap<string, MetricFamily> }
  | { readonly ok: false; readonly error: ExpositionProblem };

const PROBLEMS = {
  metricName: {
    en: 'a metric name must match [a-zA-Z_:][a-zA-Z0-9_:]*',
    'zh-cn': '指标名必须匹配 [a-zA-Z_:][a-zA-Z0-9_:]*',
  },
  labelName: {
    en: 'a label name must match [a-zA-Z_][a-zA-Z0-9_]*',
    'zh-cn': '标签名必须匹配 [a-zA-Z_][a-zA-Z0-9_]*',
  },
  labelEquals: {
    en: 'a label name must be followed by =',
    'zh-cn': '标签名后面必须跟 =',
  },
  labelQuote: {
    en: 'a label value must be in double quotes',
    'zh-cn': '标签值必须放在双引号里',
  },
  labelEscape: {
    en: 'in a label value only \\\\, \\" and \\n may follow a backslash',
    'zh-cn': '标签值里反斜杠后面只能是 \\\\、\\" 或 \\n',
  },
  labelEnd: {
    en: 'the label set must be closed with }',
    'zh-cn': '标签集合必须以 } 结束',
  },
  labelSeparator: {
    en: 'labels must be separated by commas',
    'zh-cn': '标签之间必须用逗号分隔',
  },
  labelTwice: {
    en: 'label {label} appears twice',
    'zh-cn': '标签 {label} 出现了两次',
  },
  noValue: {
    en: 'the sample has no value',
    'zh-cn': '这个样本没有值',
  },
  value: {
    en: '{value} is not a number (a Go float, NaN, +Inf or -Inf)',
    'zh-cn': '{value} 不是数字（应为 Go 的浮点数、NaN、+Inf 或 -Inf）',
  },
  timestamp: {
    en: '{value} is not a timestamp (whole milliseconds)',
    'zh-cn': '{value} 不是时间戳（整数毫秒）',
  },
  trailing: {
    en: 'unexpected text after the value and timestamp',
    'zh-cn': '值和时间戳后面多了内容',
  },
  helpOrType: {
    en: '# HELP and # TYPE must name a metric',
    'zh-cn': '# HELP 和 # TYPE 后面必须写指标名',
  },
  type: {
    en: 'the type must be counter, gauge, histogram, summary or untyped',
    'zh-cn': '类型必须是 counter、gauge、histogram、summary 或 untyped',
  },
  twice: {
    en: '# {what} {name} appears twice',
    'zh-cn': '# {what} {name} 出现了两次',
  },
  late: {
    en: "# {what} {name} comes after {name}'s samples; it must come before them",
    'zh-cn': '# {what} {name} 出现在 {name} 的样本之后；它必须放在样本之前',
  },
  split: {
    en: "{name}'s samples must be one group, but {other} comes between them",
    'zh-cn': '{name} 的样本必须连在一起，但中间夹着 {other}',
  },
  series: {
    en: 'the series {series} appears twice',
    'zh-cn': '序列 {series} 出现了两次',
  },
  // Histograms (histogramProblems).
  le: {
    en: 'a bucket needs an le label that is a number or +Inf',
    'zh-cn': '每个桶都需要 le 标签，值为数字或 +Inf',
  },
  order: {
    en: 'buckets must come in increasing order of le, but le="{le}" follows le="{previous}"',
    'zh-cn': '桶必须按 le 从小到大排列，但 le="{le}" 排在 le="{previous}" 后面',
  },
  cumulative: {
    en: 'buckets are cumulative (le means "at or below"), so le="{le}" cannot count fewer ({count}) than le="{previous}" ({before})',
    'zh-cn':
      '桶是累积的（le 的意思是“小于或等于”），所以 le="{le}" 的计数（{count}）不能少于 le="{previous}"（{before}）',
  },
  noInf: {
    en: 'the histogram {series} has no le="+Inf" bucket (it counts every observation and must equal _count)',
    'zh-cn': '直方图 {series} 没有 le="+Inf" 桶（它统计所有观测值，必须等于 _count）',
  },
  infCount: {
    en: 'le="+Inf" ({inf}) must equal {name}_count ({count})',
    'zh-cn': 'le="+Inf"（{inf}）必须等于 {name}_count（{count}）',
  },
  missing: {
    en: 'the histogram {series} has no {part}',
    'zh-cn': '直方图 {series} 缺少 {part}',
  },
} satisfies Record<string, CheckText>;

function problem(
  key: keyof typeof PROBLEMS,
  values: Readonly<Record<string, string | number>> = {},
): CheckText {
  const fill = (template: string) =>
    template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  return { en: fill(PROBLEMS[key].en), 'zh-cn': fill(PROBLEMS[key]['zh-cn']) };
}

class Stop extends Error {
  constructor(readonly error: ExpositionProblem) {
    super(error.problem.en);
  }
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const TYPES: readonly string[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];

/**
 * A Go float as the format writes it; undefined when it is not one.
 *
 * Go: `strconv.ParseFloat(s, 64)` as the Prometheus text format writes floats.
 *
 * @example
 * ```ts
 * import { parseFloatValue } from 'labcheck';
 *
 * console.log(parseFloatValue('+Inf'), parseFloatValue('0.25'), parseFloatValue('x')); // Infinity 0.25 undefined
 * ```
 */
export function parseFloatValue(text: string): number | undefined {
  if (/^nan$/i.test(text)) return NaN;
  if (/^[+]?inf(?:inity)?$/i.test(text)) return Infinity;
  if (/^-inf(?:inity)?$/i.test(text)) return -Infinity;
  return FLOAT.test(text) ? Number(text) : undefined;
}

/**
 * How a series is written: `name{a="1",b="2"}`, labels in the order given, values escaped.
 *
 * Go: how `expfmt` writes a series name with labels.
 *
 * @example
 * ```ts
 * import { seriesText } from 'labcheck';
 *
 * console.log(seriesText('mesh_request_total', { service: 'users' })); // mesh_request_total{service="users"}
 * ```
 */
export function seriesText(name: string, labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  return pairs.length === 0 ? name : `${name}{${pairs.join(',')}}`;
}

/** The family a sample name belongs to, given the types declared so far. */
function familyOf(name: string, types: ReadonlyMap<string, MetricType>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!name.endsWith(suffix)) continue;
    const base = name.slice(0, -suffix.length);
    const type = types.get(base);
    if (type === 'histogram' || (type === 'summary' && suffix !== '_bucket')) return base;
  }
  return name;
}

/** Reads one sample line (already trimmed). */
function parseSample(text: string, line: number): Sample {
  const stop = (key: keyof typeof PROBLEMS, values: Record<string, string | number> = {}): never => {
    throw new Stop({ line, text, problem: problem(key, values) });
  };
  const name = METRIC_NAME.exec(text)?.[0];
  const after = name === undefined ? '' : text.slice(name.length);
  // A name ends at a blank or `{` (`foo-bar 1` is not a name followed by a value).
  if (name === undefined || (after !== '' && !/^[ \t{]/.test(after))) return stop('metricName');
  let rest = after.replace(/^[ \t]+/, '');
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    rest = rest.slice(1);
    for (;;) {
      rest = rest.replace(/^[ \t]+/, '');
      if (rest.startsWith('}')) break;
      const label = LABEL_NAME.exec(rest)?.[0];
      if (label === undefined) return rest === '' ? stop('labelEnd') : stop('labelName');
      rest = rest.slice(label.length).replace(/^[ \t]+/, '');
      if (!rest.startsWith('=')) stop('labelEquals');
      rest = rest.slice(1).replace(/^[ \t]+/, '');
      if (!rest.startsWith('"')) stop('labelQuote');
      let value = '';
      let i = 1;
      for (; i < rest.length && rest[i] !== '"'; i++) {
        if (rest[i] !== '\\') {
          value += rest[i];
          continue;
        }
        const next = rest[++i];
        if (next === '\\' || next === '"') value += next;
        else if (next === 'n') value += '\n';
        else stop('labelEscape');
      }
      if (i >= rest.length) stop('labelEnd');
      if (label in labels) stop('labelTwice', { label });
      labels[label] = value;
      rest = rest.slice(i + 1).replace(/^[ \t]+/, '');
      if (rest.startsWith(',')) rest = rest.slice(1);
      else if (!rest.startsWith('}')) stop(rest === '' ? 'labelEnd' : 'labelSeparator');
    }
    rest = rest.slice(1);
  }
  const fields = rest.trim() === '' ? [] : rest.trim().split(/[ \t]+/);
  const [valueText, stamp, ...extra] = fields;
  if (valueText === undefined) return stop('noValue');
  const value = parseFloatValue(valueText);
  if (value === undefined) return stop('value', { value: valueText });
  if (extra.length > 0) stop('trailing');
  if (stamp === undefined) return { name, labels, value, line };
  if (!/^-?\d+$/.test(stamp)) stop('timestamp', { value: stamp });
  return { name, labels, value, timestamp: Number(stamp), line };
}

/**
 * Parses a `/metrics` answer; the first problem ends it.
 *
 * Go: `expfmt.TextParser.TextToMetricFamilies` (prometheus/common).
 *
 * @example
 * ```ts
 * import { parseExposition } from 'labcheck';
 *
 * const page = '# TYPE mesh_request_total counter\nmesh_request_total{service="users"} 3\n';
 * const parsed = parseExposition(page);
 * if (parsed.ok) console.log(parsed.families.get('mesh_request_total')?.samples[0]?.value); // 3
 * ```
 */
export function parseExposition(body: string): Exposition {
  const families = new Map<string, { name: string; type: MetricType; help?: string; samples: Sample[] }>();
  const types = new Map<string, MetricType>();
  const helps = new Set<string>();
  /** Families whose samples are finished (another family's sample came after them). */
  const closed = new Set<string>();
  const seen = new Set<string>();
  let current: string | undefined;
  const family = (name: string) => {
    let f = families.get(name);
    if (f === undefined) {
      f = { name, type: types.get(name) ?? 'untyped', samples: [] };
      families.set(name, f);
    }
    return f;
  };
  const lines = body.split('\n');
  try {
    lines.forEach((raw, index) => {
      const line = index + 1;
      const text = raw.trim();
      const stop = (key: keyof typeof PROBLEMS, values: Record<string, string | number> = {}): never => {
        throw new Stop({ line, text: raw, problem: problem(key, values) });
      };
      if (text === '') return;
      if (text.startsWith('#')) {
        const m = /^#[ \t]+(HELP|TYPE)(?:[ \t]+(.*))?$/.exec(text);
        if (m === null) return; // a comment
        const what = m[1] as 'HELP' | 'TYPE';
        const rest = m[2] ?? '';
        const name = METRIC_NAME.exec(rest)?.[0];
        if (name === undefined || (rest.length > name.length && !/^[ \t]/.test(rest.slice(name.length)))) {
          return stop('helpOrType');
        }
        const arg = rest.slice(name.length).replace(/^[ \t]+/, '');
        const f = families.get(name);
        if (f !== undefined && f.samples.length > 0) stop('late', { what, name });
        if (what === 'TYPE') {
          if (types.has(name)) stop('twice', { what, name });
          if (!TYPES.includes(arg.trim())) stop('type');
          types.set(name, arg.trim() as MetricType);
          family(name).type = arg.trim() as MetricType;
        } else {
          if (helps.has(name)) stop('twice', { what, name });
          helps.add(name);
          family(name).help = arg.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
        }
        return;
      }
      const sample = parseSample(text, line);
      const name = familyOf(sample.name, types);
      if (current !== undefined && current !== name) closed.add(current);
      if (closed.has(name)) stop('split', { name, other: current ?? '' });
      current = name;
      const series = seriesText(sample.name, Object.fromEntries(Object.entries(sample.labels).sort()));
      if (seen.has(series)) stop('series', { series });
      seen.add(series);
      family(name).samples.push(sample);
    });
  } catch (e) {
    if (e instanceof Stop) return { ok: false, error: e.error };
    throw e;
  }
  return { ok: true, families };
}

/**
 * One histogram series: its labels without `le`, its buckets in the order written, `_sum`, `_count`.
 *
 * Go: `dto.Histogram` (buckets, sample sum, sample count).
 */
export interface HistogramSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly buckets: readonly { readonly le: number; readonly count: number; readonly line: number }[];
  readonly sum: number | undefined;
  readonly count: number | undefined;
}

const withoutLe = (labels: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(labels).filter(([k]) => k !== 'le'));

/**
 * A histogram family's series, grouped by their labels other than `le`.
 *
 * Go: `dto.Histogram` of `prometheus/client_model`, one per label set.
 *
 * @example
 * ```ts
 * import { histogramSeries, parseExposition } from 'labcheck';
 *
 * const parsed = parseExposition('# TYPE lat histogram\nlat_bucket{le="+Inf"} 2\nlat_sum 9\nlat_count 2\n');
 * const family = parsed.ok ? parsed.families.get('lat') : undefined;
 * if (family) console.log(histogramSeries(family)[0]?.count); // 2
 * ```
 */
export function histogramSeries(family: MetricFamily): HistogramSeries[] {
  const byKey = new Map<
    string,
    {
      labels: Record<string, string>;
      buckets: { le: number; count: number; line: number }[];
      sum: number | undefined;
      count: number | undefined;
    }
  >();
  for (const s of family.samples) {
    const labels = withoutLe(s.labels);
    const key = seriesText('', Object.fromEntries(Object.entries(labels).sort()));
    let h = byKey.get(key);
    if (h === undefined) {
      h = { labels, buckets: [], sum: undefined, count: undefined };
      byKey.set(key, h);
    }
    if (s.name === `${family.name}_bucket`) {
      h.buckets.push({ le: parseFloatValue(s.labels['le'] ?? '') ?? NaN, count: s.value, line: s.line });
    } else if (s.name === `${family.name}_sum`) h.sum = s.value;
    else if (s.name === `${family.name}_count`) h.count = s.value;
  }
  return [...byKey.values()];
}

/**
 * What is wrong with a histogram family's series, given the text it was parsed from (for quoting
 * lines): every bucket has a numeric `le`, in increasing order, counts cumulative, a `+Inf` bucket
 * equal to `_count`, and `_sum` and `_count` present. Empty when nothing is.
 *
 * Go: what `promtool check metrics` reports for a histogram.
 *
 * @example
 * ```ts
 * import { histogramProblems, parseExposition } from 'labcheck';
 *
 * const body = '# TYPE lat histogram\nlat_bucket{le="+Inf"} 2\nlat_sum 9\nlat_count 3\n';
 * const parsed = parseExposition(body);
 * const family = parsed.ok ? parsed.families.get('lat') : undefined;
 * if (family) console.log(histogramProblems(family, body).length > 0); // true: +Inf differs from _count
 * ```
 */
export function histogramProblems(family: MetricFamily, body: string): ExpositionProblem[] {
  const lines = body.split('\n');
  const at = (line: number, p: CheckText): ExpositionProblem => ({
    line,
    text: lines[line - 1] ?? '',
    problem: p,
  });
  const out: ExpositionProblem[] = [];
  const firstLine = family.samples[0]?.line ?? 0;
  for (const h of histogramSeries(family)) {
    const series = seriesText(family.name, h.labels);
    const start = h.buckets[0]?.line ?? firstLine;
    for (const b of h.buckets) if (Number.isNaN(b.le)) out.push(at(b.line, problem('le')));
    h.buckets.forEach((b, i) => {
      const prev = h.buckets[i - 1];
      if (prev === undefined || Number.isNaN(b.le) || Number.isNaN(prev.le)) return;
      const le = String(b.le === Infinity ? '+Inf' : b.le);
      const previous = String(prev.le === Infinity ? '+Inf' : prev.le);
      if (b.le <= prev.le) out.push(at(b.line, problem('order', { le, previous })));
      else if (b.count < prev.count) {
        out.push(at(b.line, problem('cumulative', { le, previous, count: b.count, before: prev.count })));
      }
    });
    const inf = h.buckets.find((b) => b.le === Infinity);
    if (inf === undefined) out.push(at(start, problem('noInf', { series })));
    if (h.count === undefined)
      out.push(at(start, problem('missing', { series, part: `${family.name}_count` })));
    if (h.sum === undefined) out.push(at(start, problem('missing', { series, part: `${family.name}_sum` })));
    if (inf !== undefined && h.count !== undefined && inf.count !== h.count) {
      out.push(at(inf.line, problem('infCount', { name: family.name, inf: inf.count, count: h.count })));
    }
  }
  return out;
}
