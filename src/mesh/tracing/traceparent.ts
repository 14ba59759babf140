/**
 * W3C Trace Context `traceparent`: `<version>-<32 hex trace id>-<16 hex parent span id>-<2 hex flags>`.
 *
 * Parsing follows the spec's rules for versions: version `00` is exactly those four fields;
 * a higher version (anything but the invalid `ff`) may append fields after another `-`, and is
 * parsed by its first four fields and continued (sent on as version `00`, the one we write), not
 * restarted. Hex is lower case only: the spec requires it, so `4BF9...` is invalid, as are all-zero
 * ids. Invariant: parsing never throws; anything malformed gives undefined, so a bad header starts
 * a new trace instead of failing a request.
 */
import type { Random } from '../random.ts';

/**
 * The W3C Trace Context header name, `traceparent`.
 *
 * Go: OpenTelemetry's `propagation.TraceContext` header name.
 */
export const TRACEPARENT = 'traceparent';

/**
 * A parsed `traceparent`: trace id, parent span id, sampled flag. Go: OpenTelemetry's
 * `trace.SpanContext`.
 */
export interface TraceContext {
  traceId: string;
  spanId: string;
  sampled: boolean;
}

/** The four fields every version starts with, then (only above version 00) `-` and more fields. */
const RE = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZEROS = /^0+$/;

/**
 * Parses a `traceparent` header by the W3C rules; `undefined` for a missing or malformed one (never
 * throws, so a bad header starts a new trace). Go: OpenTelemetry's `propagation.TraceContext{}.Extract`.
 *
 * @example
 * ```ts
 * import { parseTraceparent } from 'gomesh/tracing';
 *
 * const ctx = parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
 * console.log(ctx?.spanId, ctx?.sampled); // 00f067aa0ba902b7 true
 * ```
 */
export function parseTraceparent(header: string | undefined): TraceContext | undefined {
  if (header === undefined) return undefined;
  // HTTP allows optional whitespace around a header value; the value itself is case-sensitive.
  const m = RE.exec(header.trim());
  if (!m) return undefined;
  const [, version, traceId, spanId, flags, rest] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string?,
  ];
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (ZEROS.test(traceId) || ZEROS.test(spanId)) return undefined;
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1 };
}

/**
 * Formats a context as a version-00 `traceparent`. Go: OpenTelemetry's `TraceContext{}.Inject`.
 *
 * @example
 * ```ts
 * import { formatTraceparent } from 'gomesh/tracing';
 *
 * console.log(formatTraceparent({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', sampled: true }));
 * // 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01
 * ```
 */
export function formatTraceparent(ctx: TraceContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${ctx.sampled ? '01' : '00'}`;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Random hex id of `bytes` bytes, never all zeros. (Table lookups: this runs twice per request.)
 *
 * Go: OpenTelemetry's `IDGenerator` (`NewIDs`).
 *
 * @example
 * ```ts
 * import { randomId } from 'gomesh/tracing';
 *
 * console.log(randomId(Math.random, 8).length); // 16 hex digits
 * ```
 */
export function randomId(random: Random, bytes: 8 | 16): string {
  let s = '';
  let any = 0;
  for (let i = 0; i < bytes / 4; i++) {
    const n = (random() * 0x100000000) >>> 0;
    any |= n;
    s +=
      (HEX[n >>> 24] as string) +
      (HEX[(n >>> 16) & 255] as string) +
      (HEX[(n >>> 8) & 255] as string) +
      (HEX[n & 255] as string);
  }
  return any === 0 ? s.slice(0, -1) + '1' : s;
}
