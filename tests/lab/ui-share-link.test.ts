/**
 * Share links carry a lab's files in the URL fragment and reject anything else with a reason.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_SHARE_BYTES,
  SHARE_PREFIX,
  decodeShareFragment,
  encodeShareFragment,
} from '../../src/lab/ui/share-link.ts';

async function deflate(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  return Buffer.from(bytes).toString('base64url');
}

describe('share links', () => {
  const files = {
    'main.ts': 'import { main } from "gort";\nmain(async () => console.log("你好"));\n',
    'lib.ts': '',
  };

  it('round-trip a lab’s files, unicode included', async () => {
    const hash = await encodeShareFragment('channels/ping-pong', files);
    expect(hash.startsWith(`${SHARE_PREFIX}channels/ping-pong:`)).toBe(true);
    expect(hash).toMatch(/^#lab=[a-z/-]+:[A-Za-z0-9_-]+$/);
    expect(await decodeShareFragment(hash, 'channels/ping-pong')).toEqual({ kind: 'ok', files });
  });

  it('ignore fragments that are not lab links, and links for another lab', async () => {
    expect(await decodeShareFragment('', 'a/b')).toEqual({ kind: 'none' });
    expect(await decodeShareFragment('#overview', 'a/b')).toEqual({ kind: 'none' });
    const other = await encodeShareFragment('c/d', files);
    expect(await decodeShareFragment(other, 'a/b')).toEqual({ kind: 'other-lab', id: 'c/d' });
  });

  it.each([
    ['a link without a lab name', '#lab=abc', 'no-id'],
    ['a link without code', '#lab=a/b:', 'no-code'],
    ['a link with characters outside base64url', '#lab=a/b:abc+/=', 'base64'],
    ['a link whose data is not deflated', '#lab=a/b:aGVsbG8gd29ybGQ', 'decompress'],
    ['a broken percent escape', '#lab=a/b:%E0%A4%A', 'escape'],
  ])('reject %s', async (_name, hash, reason) => {
    expect(await decodeShareFragment(hash, 'a/b')).toEqual({ kind: 'malformed', reason });
  });

  it('reject data that is not JSON, or JSON without a file map', async () => {
    expect(await decodeShareFragment(`#lab=a/b:${await deflate('nope')}`, 'a/b')).toEqual({
      kind: 'malformed',
      reason: 'json',
    });
    const wrong = await deflate(JSON.stringify({ v: 1, files: { 'main.ts': 1 } }));
    expect(await decodeShareFragment(`#lab=a/b:${wrong}`, 'a/b')).toEqual({
      kind: 'malformed',
      reason: 'files',
    });
    const noVersion = await deflate(JSON.stringify({ files: {} }));
    expect(await decodeShareFragment(`#lab=a/b:${noVersion}`, 'a/b')).toEqual({
      kind: 'malformed',
      reason: 'files',
    });
  });

  it('refuse data that inflates past the cap (a zip bomb)', async () => {
    const bomb = await deflate(JSON.stringify({ v: 1, files: { 'main.ts': ' '.repeat(MAX_SHARE_BYTES) } }));
    expect(bomb.length).toBeLessThan(2000);
    expect(await decodeShareFragment(`#lab=a/b:${bomb}`, 'a/b')).toEqual({
      kind: 'malformed',
      reason: 'too-large',
    });
  });
});
