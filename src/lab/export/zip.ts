/**
 * A store-only ZIP writer (no compression) for the lab page's export download: a few small text
 * files, so the page needs no zip library. The format is PKWARE's APPNOTE 6.3: a local header and
 * the bytes of each file, then the central directory and its end record; names are UTF-8 (bit 11).
 *
 * Invariants: the same files give the same bytes (the time stamp is fixed: 1980-01-01 00:00, the
 * format's epoch, so an export is byte for byte reproducible); at most 65 535 files and 4 GiB in all
 * (no ZIP64), which it refuses rather than writes wrongly.
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309, the one ZIP and gzip use). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const DOS_TIME = 0;
const UTF8 = 1 << 11;

/** The ZIP archive of `files` (relative path → text), in the order given. */
export function zip(files: Readonly<Record<string, string>>): Uint8Array {
  const encoder = new TextEncoder();
  const entries = Object.entries(files).map(([name, text]) => {
    const nameBytes = encoder.encode(name);
    const data = encoder.encode(text);
    return { nameBytes, data, crc: crc32(data) };
  });
  if (entries.length > 0xffff) throw new RangeError(`a zip without ZIP64 holds at most 65535 files`);
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const local = new Uint8Array(30 + e.nameBytes.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, 20, true); // version needed: 2.0
    l.setUint16(6, UTF8, true);
    l.setUint16(8, 0, true); // stored
    l.setUint16(10, DOS_TIME, true);
    l.setUint16(12, DOS_DATE, true);
    l.setUint32(14, e.crc, true);
    l.setUint32(18, e.data.length, true);
    l.setUint32(22, e.data.length, true);
    l.setUint16(26, e.nameBytes.length, true);
    l.setUint16(28, 0, true);
    local.set(e.nameBytes, 30);

    const central = new Uint8Array(46 + e.nameBytes.length);
    const c = new DataView(central.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true); // made by: 2.0, MS-DOS attributes
    c.setUint16(6, 20, true);
    c.setUint16(8, UTF8, true);
    c.setUint16(10, 0, true);
    c.setUint16(12, DOS_TIME, true);
    c.setUint16(14, DOS_DATE, true);
    c.setUint32(16, e.crc, true);
    c.setUint32(20, e.data.length, true);
    c.setUint32(24, e.data.length, true);
    c.setUint16(28, e.nameBytes.length, true);
    // extra, comment, disk number, internal and external attributes: 0
    c.setUint32(42, offset, true);
    central.set(e.nameBytes, 46);

    locals.push(local, e.data);
    centrals.push(central);
    offset += local.length + e.data.length;
    if (offset > 0xffffffff) throw new RangeError('a zip without ZIP64 holds at most 4 GiB');
  }
  const directorySize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const d = new DataView(end.buffer);
  d.setUint32(0, 0x06054b50, true);
  d.setUint16(8, entries.length, true);
  d.setUint16(10, entries.length, true);
  d.setUint32(12, directorySize, true);
  d.setUint32(16, offset, true);
  const out = new Uint8Array(offset + directorySize + end.length);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
