/**
 * labcheck's reader of the Prometheus text format: what client_golang writes parses into families,
 * escapes in label values and HELP are undone, and each way a hand-written /metrics goes wrong is
 * reported at its line, in both languages; histogramProblems finds what histogram_quantile would
 * trip over (no +Inf, buckets not cumulative or out of order, +Inf different from _count).
 */
import { describe, expect, it } from 'vitest';
import {
  histogramProblems,
  histogramSeries,
  parseExposition,
  seriesText,
  type MetricFamily,
} from '../../src/lab/check/index.ts';

// As client_golang v1.25 writes it (promhttp.HandlerFor, text format 0.0.4).
const CLIENT_GOLANG = `# HELP http_request_duration_seconds How long requests took.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.025"} 0
http_request_duration_seconds_bucket{le="0.05"} 1
http_request_duration_seconds_bucket{le="0.1"} 1
http_request_duration_seconds_bucket{le="0.25"} 2
http_request_duration_seconds_bucket{le="+Inf"} 2
http_request_duration_seconds_sum 0.23
http_request_duration_seconds_count 2
# HELP http_requests_total Requests by code.
# TYPE http_requests_total counter
http_requests_total{code="200"} 3
http_requests_total{code="502"} 1
`;

function families(text: string): ReadonlyMap<string, MetricFamily> {
  const parsed = parseExposition(text);
  if (!parsed.ok) throw new Error(`line ${parsed.error.line}: ${parsed.error.problem.en}`);
  return parsed.families;
}

function failure(text: string) {
  const parsed = parseExposition(text);
  if (parsed.ok) throw new Error('expected a problem');
  return { line: parsed.error.line, text: parsed.error.text, en: parsed.error.problem.en };
}

describe('parseExposition', () => {
  it("reads client_golang's output into families with their type, help and samples", () => {
    const f = families(CLIENT_GOLANG);
    expect([...f.keys()]).toEqual(['http_request_duration_seconds', 'http_requests_total']);
    const requests = f.get('http_requests_total');
    expect(requests?.type).toBe('counter');
    expect(requests?.help).toBe('Requests by code.');
    expect(requests?.samples.map((s) => [s.labels, s.value, s.line])).toEqual([
      [{ code: '200' }, 3, 12],
      [{ code: '502' }, 1, 13],
    ]);
    const duration = f.get('http_request_duration_seconds');
    expect(duration?.type).toBe('histogram');
    expect(duration?.samples).toHaveLength(7);
  });

  it('undoes the escapes of label values and HELP, and takes a trailing comma, blanks, NaN, ±Inf and timestamps', () => {
    const f = families(
      [
        '# HELP x A \\\\ backslash\\nand a new line.',
        '# a comment that is not HELP or TYPE',
        '',
        'x{path="C:\\\\dir",quote="say \\"hi\\"",nl="a\\nb",} 1.5e3 1700000000000',
        '  x { path = "other" }   NaN',
        'x{path="up"} +Inf',
        'x{path="down"} -Inf',
        'y 0',
      ].join('\n'),
    );
    const x = f.get('x');
    expect(x?.type).toBe('untyped');
    expect(x?.help).toBe('A \\ backslash\nand a new line.');
    expect(x?.samples[0]).toEqual({
      name: 'x',
      labels: { path: 'C:\\dir', quote: 'say "hi"', nl: 'a\nb' },
      value: 1500,
      timestamp: 1700000000000,
      line: 4,
    });
    expect(x?.samples.slice(1).map((s) => s.value)).toEqual([NaN, Infinity, -Infinity]);
    expect(f.get('y')?.samples[0]?.labels).toEqual({});
  });

  it('writes a series back with its escapes', () => {
    expect(seriesText('x', { a: 'say "hi"\\\n' })).toBe('x{a="say \\"hi\\"\\\\\\n"}');
    expect(seriesText('x', {})).toBe('x');
  });

  it.each([
    ['http-requests 1', 1, 'a metric name must match'],
    ['x{code=200} 1', 1, 'a label value must be in double quotes'],
    ['x{code="200" method="GET"} 1', 1, 'labels must be separated by commas'],
    ['x{code="200"', 1, 'the label set must be closed with }'],
    ['x{code="2\\t"} 1', 1, 'only \\\\, \\" and \\n may follow a backslash'],
    ['x{1code="200"} 1', 1, 'a label name must match'],
    ['x{code} 1', 1, 'a label name must be followed by ='],
    ['x{a="1",a="2"} 1', 1, 'label a appears twice'],
    ['x', 1, 'the sample has no value'],
    ['x one', 1, 'one is not a number'],
    ['x 1 2 3', 1, 'unexpected text after the value'],
    ['x 1 soon', 1, 'soon is not a timestamp'],
    ['# TYPE x counter\n# TYPE x gauge\nx 1', 2, '# TYPE x appears twice'],
    ['# TYPE x count\nx 1', 1, 'the type must be counter, gauge'],
    ['x 1\n# TYPE x counter', 2, "# TYPE x comes after x's samples"],
    ['x{a="1"} 1\ny 2\nx{a="2"} 3', 3, "x's samples must be one group, but y comes between them"],
    ['x{a="1",b="2"} 1\nx{b="2",a="1"} 1', 2, 'the series x{a="1",b="2"} appears twice'],
  ])('reports %j at line %i: %s', (text, line, en) => {
    const got = failure(text);
    expect(got.line).toBe(line);
    expect(got.en).toContain(en);
    expect(got.text).toBe(text.split('\n')[line - 1]);
  });

  it('says each problem in Chinese too', () => {
    const parsed = parseExposition('x{code=200} 1');
    expect(parsed.ok ? '' : parsed.error.problem['zh-cn']).toBe('标签值必须放在双引号里');
  });
});

describe('histograms', () => {
  const histogram = (lines: string[]) => {
    const text = ['# TYPE h histogram', ...lines].join('\n');
    const f = families(text).get('h');
    if (f === undefined) throw new Error('no h');
    return { f, problems: histogramProblems(f, text).map((p) => [p.line, p.problem.en]) };
  };

  it("finds nothing wrong with client_golang's histogram, and groups series by their labels without le", () => {
    const f = families(CLIENT_GOLANG).get('http_request_duration_seconds');
    if (f === undefined) throw new Error('no histogram');
    expect(histogramProblems(f, CLIENT_GOLANG)).toEqual([]);
    expect(histogramSeries(f)).toEqual([
      {
        labels: {},
        buckets: [
          { le: 0.025, count: 0, line: 3 },
          { le: 0.05, count: 1, line: 4 },
          { le: 0.1, count: 1, line: 5 },
          { le: 0.25, count: 2, line: 6 },
          { le: Infinity, count: 2, line: 7 },
        ],
        sum: 0.23,
        count: 2,
      },
    ]);
  });

  it('keeps the series of different label values apart', () => {
    const { f, problems } = histogram([
      'h_bucket{code="200",le="1"} 1',
      'h_bucket{code="200",le="+Inf"} 1',
      'h_sum{code="200"} 0.5',
      'h_count{code="200"} 1',
      'h_bucket{code="500",le="1"} 0',
      'h_bucket{code="500",le="+Inf"} 2',
      'h_sum{code="500"} 4',
      'h_count{code="500"} 2',
    ]);
    expect(problems).toEqual([]);
    expect(histogramSeries(f).map((h) => [h.labels, h.count])).toEqual([
      [{ code: '200' }, 1],
      [{ code: '500' }, 2],
    ]);
  });

  it('finds buckets that are not cumulative (each counted alone) and a missing +Inf', () => {
    const { problems } = histogram(['h_bucket{le="0.1"} 5', 'h_bucket{le="0.5"} 2', 'h_sum 3', 'h_count 9']);
    expect(problems).toEqual([
      [
        3,
        'buckets are cumulative (le means "at or below"), so le="0.5" cannot count fewer (2) than le="0.1" (5)',
      ],
      [2, 'the histogram h has no le="+Inf" bucket (it counts every observation and must equal _count)'],
    ]);
  });

  it('finds buckets out of order, an le that is not a number, +Inf unequal to _count, a missing _sum', () => {
    const { problems } = histogram([
      'h_bucket{le="0.5"} 1',
      'h_bucket{le="0.1"} 1',
      'h_bucket{le="fast"} 1',
      'h_bucket{le="+Inf"} 3',
      'h_count 4',
    ]);
    expect(problems).toEqual([
      [4, 'a bucket needs an le label that is a number or +Inf'],
      [3, 'buckets must come in increasing order of le, but le="0.1" follows le="0.5"'],
      [2, 'the histogram h has no h_sum'],
      [5, 'le="+Inf" (3) must equal h_count (4)'],
    ]);
  });
});
