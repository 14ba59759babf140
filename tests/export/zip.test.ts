/**
 * The page's store-only ZIP writer, read back by Python's zipfile (its CRC check included) and by
 * Node's own CRC-32: a wrong offset, size, CRC or name fails here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 as nodeCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, zip } from '../../src/lab/export/zip.ts';

const files = {
  'README.md': '# Export\n\n网格：gomesh → Istio\n',
  'kubernetes/services.yaml': 'apiVersion: v1\nkind: Service\n'.repeat(50),
  'empty.txt': '',
};

describe('zip', () => {
  it('computes the CRC-32 that Node’s zlib does', () => {
    for (const text of ['', 'a', 'The quick brown fox', '网格'.repeat(100)]) {
      const bytes = new TextEncoder().encode(text);
      expect(crc32(bytes)).toBe(nodeCrc32(bytes));
    }
  });

  it('writes an archive that Python’s zipfile opens, tests and reads back file for file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gcl-zip-'));
    const file = path.join(dir, 'export.zip');
    writeFileSync(file, zip(files));
    const script = [
      'import json, sys, zipfile',
      'z = zipfile.ZipFile(sys.argv[1])',
      'assert z.testzip() is None',
      'print(json.dumps({i.filename: z.read(i).decode("utf-8") for i in z.infolist()}))',
    ].join('\n');
    const read = JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as object;
    expect(read).toEqual(files);
    expect(Object.keys(read)).toEqual(Object.keys(files));
  });

  it('gives the same bytes for the same files', () => {
    expect(zip(files)).toEqual(zip({ ...files }));
  });
});
