/**
 * Share links: a lab's files carried in the URL fragment as `#lab=<id>:<data>`.
 *
 * `<data>` is base64url (no padding) of `deflate-raw(JSON.stringify({ v: 1, files }))`, made with
 * the platform's CompressionStream so no library is shipped for it. The fragment never reaches a
 * server, so shared code stays between the people holding the link.
 *
 * Invariants: `decodeShareFragment` never throws. It answers `none` for a fragment that is not a
 * lab link, `other-lab` for a link meant for another lab on the page, `malformed` (with a problem
 * code the UI words for the learner) for anything that does not decode to a file map, and `ok` otherwise.
 * Decompressed data is capped (MAX_SHARE_BYTES) so a crafted link cannot exhaust memory.
 */
import { isFiles, type Files } from './persistence.ts';

export const SHARE_PREFIX = '#lab=';
/** Upper bound on the decompressed JSON of a shared link. */
export const MAX_SHARE_BYTES = 256 * 1024;

/** Why a link was rejected; the UI words each one for the learner. */
export type ShareLinkProblem =
  'escape' | 'no-id' | 'no-code' | 'base64' | 'too-large' | 'decompress' | 'json' | 'files';

export type ShareDecode =
  | { readonly kind: 'none' }
  | { readonly kind: 'other-lab'; readonly id: string }
  | { readonly kind: 'malformed'; readonly reason: ShareLinkProblem }
  | { readonly kind: 'ok'; readonly files: Files };

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('unexpected characters');
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function pipe(
  bytes: Uint8Array,
  transform: CompressionStream | DecompressionStream,
  limit: number,
): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(transform);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new Error('too large');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** The fragment (with its leading `#`) that carries `files` for lab `id`. */
export async function encodeShareFragment(id: string, files: Files): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify({ v: 1, files }));
  const packed = await pipe(json, new CompressionStream('deflate-raw'), Number.POSITIVE_INFINITY);
  return `${SHARE_PREFIX}${id}:${toBase64Url(packed)}`;
}

/** Reads a location hash for lab `id`. */
export async function decodeShareFragment(hash: string, id: string): Promise<ShareDecode> {
  if (!hash.startsWith(SHARE_PREFIX)) return { kind: 'none' };
  const body = hash.slice(SHARE_PREFIX.length);
  let decodedBody: string;
  try {
    decodedBody = decodeURIComponent(body);
  } catch {
    return { kind: 'malformed', reason: 'escape' };
  }
  const colon = decodedBody.lastIndexOf(':');
  if (colon <= 0) return { kind: 'malformed', reason: 'no-id' };
  const linkId = decodedBody.slice(0, colon);
  if (linkId !== id) return { kind: 'other-lab', id: linkId };
  const data = decodedBody.slice(colon + 1);
  if (data.length === 0) return { kind: 'malformed', reason: 'no-code' };
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(data);
  } catch {
    return { kind: 'malformed', reason: 'base64' };
  }
  let json: Uint8Array;
  try {
    json = await pipe(bytes, new DecompressionStream('deflate-raw'), MAX_SHARE_BYTES);
  } catch (error) {
    const tooLarge = error instanceof Error && error.message === 'too large';
    return { kind: 'malformed', reason: tooLarge ? 'too-large' : 'decompress' };
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    return { kind: 'malformed', reason: 'json' };
  }
  const files = (value as { v?: unknown; files?: unknown } | null)?.files;
  if ((value as { v?: unknown } | null)?.v !== 1 || !isFiles(files)) {
    return { kind: 'malformed', reason: 'files' };
  }
  return { kind: 'ok', files };
}
