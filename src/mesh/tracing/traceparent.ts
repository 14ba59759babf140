/**
 * W3C Trace Context `traceparent`: `00-<32 hex trace id>-<16 hex parent span id>-<2 hex flags>`.
 * Invariants: all-zero ids are invalid (the spec says so); parsing never throws, it returns
 * undefined for anything malformed so a bad header starts a new trace instead of failing a request.
 */
import type { Random } from '../random.ts';

export const TRACEPARENT = 'traceparent';

export interface TraceContext {
  traceId: string;
  spanId: string;
  sampled: boolean;
}

const RE = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export function parseTraceparent(header: string | undefined): TraceContext | undefined {
  if (header === undefined) return undefined;
  const m = RE.exec(header.trim().toLowerCase());
  if (!m || m[1] === 'ff') return undefined;
  const traceId = m[2] as string;
  const spanId = m[3] as string;
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, sampled: (parseInt(m[4] as string, 16) & 1) === 1 };
}

export function formatTraceparent(ctx: TraceContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${ctx.sampled ? '01' : '00'}`;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Random hex id of `bytes` bytes, never all zeros. (Table lookups: this runs twice per request.) */
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
