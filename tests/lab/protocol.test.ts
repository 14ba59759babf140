/**
 * The out-of-band protocol: message lines round-trip, and the demuxer separates them from program
 * output however the stream is chunked — including a marker split across chunks.
 */
import { describe, expect, it } from 'vitest';
import {
  LAB_MARKER,
  createOutputDemux,
  decodeMessage,
  demuxOutput,
  encodeMessage,
  parseCheckReport,
  trafficEventOf,
  trafficRow,
  type LabMessage,
  type TrafficRow,
} from '../../src/lab/protocol.ts';
import type { TrafficEvent } from 'gomesh';

const listen: LabMessage = { type: 'listen', name: 'users', port: 8080, url: 'http://127.0.0.1:8080' };
const problem: LabMessage = { type: 'problem', kind: 'panic', file: 'main.ts', line: 17, column: 5 };
const check: LabMessage = {
  type: 'check',
  report: {
    passed: false,
    items: [
      {
        name: { en: 'exit status', 'zh-cn': '退出状态' },
        pass: false,
        detail: { en: 'expected 0,\ngot 2', 'zh-cn': '期望 0，\n实际为 2' },
      },
    ],
  },
};

/** Feeds `output` in the given chunk sizes and collects what comes out. */
function feed(output: string, cut: (i: number) => number) {
  let text = '';
  const messages: LabMessage[] = [];
  const demux = createOutputDemux(
    (t) => (text += t),
    (m) => messages.push(m),
  );
  for (let i = 0; i < output.length;) {
    const n = Math.max(1, cut(i));
    demux.push(output.slice(i, i + n));
    i += n;
  }
  demux.flush();
  return { text, messages };
}

describe('protocol lines', () => {
  it('round-trip through encode and decode, newlines in details included', () => {
    const line = encodeMessage(check);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(decodeMessage(line.slice(0, -1))).toEqual(check);
    expect(decodeMessage(encodeMessage(listen))).toEqual(listen);
    expect(decodeMessage(encodeMessage(problem))).toEqual(problem);
  });

  it('take a problem only with a known kind, a file and 1-based positions', () => {
    const line = (data: object) => `${LAB_MARKER}${JSON.stringify({ ...problem, ...data })}`;
    expect(decodeMessage(line({}))).toEqual(problem);
    expect(decodeMessage(line({ kind: 'oops' }))).toBeUndefined();
    expect(decodeMessage(line({ file: 3 }))).toBeUndefined();
    expect(decodeMessage(line({ line: 0 }))).toBeUndefined();
    expect(decodeMessage(line({ column: 1.5 }))).toBeUndefined();
  });

  it('ignore lines that only look like messages', () => {
    expect(decodeMessage(`${LAB_MARKER}{"type":"listen"}`)).toBeUndefined();
    expect(decodeMessage(`${LAB_MARKER}not json`)).toBeUndefined();
    expect(decodeMessage('LAB {"type":"listen"}')).toBeUndefined();
  });
});

describe('createOutputDemux', () => {
  const output = `hello\n${encodeMessage(listen)}a line without end${encodeMessage(check)}bye\nprompt> `;
  const expectedText = 'hello\na line without endbye\nprompt> ';

  it('separates text and messages when the output comes in one chunk', () => {
    expect(demuxOutput(output)).toEqual({ text: expectedText, messages: [listen, check] });
  });

  it('gives the same result for every split into two chunks (split markers included)', () => {
    for (let at = 1; at < output.length; at++) {
      expect(
        feed(output, (i) => (i === 0 ? at : output.length)),
        `split at ${at}`,
      ).toEqual({
        text: expectedText,
        messages: [listen, check],
      });
    }
  });

  it('gives the same result fed one character at a time', () => {
    expect(feed(output, () => 1)).toEqual({ text: expectedText, messages: [listen, check] });
  });

  it('does not hold back text that cannot begin a marker', () => {
    const seen: string[] = [];
    const demux = createOutputDemux(
      (t) => seen.push(t),
      () => {},
    );
    demux.push('Name? ');
    expect(seen).toEqual(['Name? ']);
    demux.push('x\x1eLA');
    expect(seen).toEqual(['Name? ', 'x']);
    demux.push('TE\n');
    expect(seen.join('')).toBe('Name? x\x1eLATE\n');
  });

  it('passes a malformed message line through as text', () => {
    expect(demuxOutput(`${LAB_MARKER}{oops}\nnext\n`)).toEqual({
      text: `${LAB_MARKER}{oops}\nnext\n`,
      messages: [],
    });
  });

  it('reads a final message without its newline at flush', () => {
    expect(demuxOutput(encodeMessage(listen).trimEnd()).messages).toEqual([listen]);
  });

  it('parseCheckReport finds the report in complete output', () => {
    expect(parseCheckReport(output)).toEqual(check.type === 'check' ? check.report : undefined);
    expect(parseCheckReport('no report\n')).toBeUndefined();
  });
});

describe('traffic lines', () => {
  const events: TrafficEvent[] = [
    {
      kind: 'request',
      from: null,
      to: 'users',
      instance: '127.0.0.1:8080',
      start: 5,
      durationMs: 2.5,
      status: 200,
      attempt: 0,
    },
    {
      kind: 'request',
      from: 'users-sidecar',
      to: 'users',
      instance: '127.0.0.1:8081',
      start: 9,
      durationMs: 0,
      status: 503,
      attempt: 1,
      code: 'UPSTREAM_CONNECT',
    },
    { kind: 'eject', service: 'users', instance: '127.0.0.1:8081', at: 9, durationMs: 30_000 },
    { kind: 'breaker', service: 'users', at: 10, state: 'open', cooldownMs: 10_000 },
    { kind: 'breaker', service: 'users', at: 20_010, state: 'closed', cooldownMs: 10_000 },
  ];

  it('carry every kind of record through encode and decode unchanged', () => {
    const line = encodeMessage({ type: 'traffic', rows: events.map(trafficRow), total: 7 });
    const message = decodeMessage(line);
    expect(message?.type).toBe('traffic');
    if (message?.type !== 'traffic') return;
    expect(message.total).toBe(7);
    expect(message.rows.map(trafficEventOf)).toEqual(events);
  });

  it('refuse a batch with a malformed row or fewer records in all than sent (the line stays text)', () => {
    const rows = events.map(trafficRow);
    expect(decodeMessage(encodeMessage({ type: 'traffic', rows, total: 2 }))).toBeUndefined();
    const bad = [...rows, ['r', 'a', 'b', 'c', 1, 2, '200', 0]] as unknown as TrafficRow[];
    expect(decodeMessage(encodeMessage({ type: 'traffic', rows: bad, total: 9 }))).toBeUndefined();
  });
});

describe('mesh-config lines', () => {
  it('carry a configuration record whole, and only one with its kind, name and layers', () => {
    const record = {
      kind: 'sidecar',
      service: 'shop',
      upstream: 'inventory',
      balancer: 'round-robin',
      layers: [{ layer: 'timeout', timeoutMs: 1000 }],
    } as const;
    expect(decodeMessage(encodeMessage({ type: 'mesh-config', record }))).toEqual({
      type: 'mesh-config',
      record,
    });
    const line = (r: unknown) => `\x1eLAB ${JSON.stringify({ type: 'mesh-config', record: r })}`;
    expect(decodeMessage(line({ ...record, kind: 'proxy' }))).toBeUndefined();
    expect(decodeMessage(line({ ...record, service: 7 }))).toBeUndefined();
    expect(decodeMessage(line({ ...record, layers: [{ timeoutMs: 1 }] }))).toBeUndefined();
    expect(decodeMessage(line({ kind: 'server', name: 'api', layers: [] }))).toMatchObject({
      type: 'mesh-config',
    });
  });
});
