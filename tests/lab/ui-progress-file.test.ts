/**
 * The progress file (src/lab/ui/progress-file.ts): export → import brings back the same code and
 * results, a bad file is named and changes nothing, and a storage that fails mid-import loses nothing.
 */
import { describe, expect, it } from 'vitest';
import { createLabStorage } from '../../src/lab/ui/persistence.ts';
import {
  exportProgress,
  importProgress,
  parseProgressFile,
  PROGRESS_FORMAT,
  resetAll,
  savedLabs,
} from '../../src/lab/ui/progress-file.ts';
import { memoryStorage } from './ui-fakes.ts';

const IDS = ['channels/ping-pong', 'goroutines/wait-for-workers', 'services/users'];
const passed = { passed: true, best: { passed: 3, total: 3 }, at: 2000 };
const failed = { passed: false, best: { passed: 1, total: 3 }, at: 3000 };

function filled() {
  const backend = memoryStorage();
  const storage = createLabStorage(backend);
  storage.saveEdits('channels/ping-pong', { 'main.ts': 'ping' }, 1000);
  storage.saveProgress('channels/ping-pong', passed);
  storage.saveProgress('services/users', failed);
  return { backend, storage };
}

/** A Storage that holds at most `capacity` characters of keys and values, the way browsers count. */
function limited(backend: Storage & { data: Map<string, string> }, capacity: number): Storage {
  const size = (data: Map<string, string>) => [...data].reduce((n, [k, v]) => n + k.length + v.length, 0);
  return new Proxy(backend, {
    get(target, key) {
      if (key === 'setItem')
        return (k: string, v: string) => {
          const next = new Map(target.data).set(k, v);
          if (size(next) > capacity) throw new DOMException('quota', 'QuotaExceededError');
          target.setItem(k, v);
        };
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('progress file export', () => {
  it('writes a versioned file with each lab that has something saved', () => {
    const { storage } = filled();
    const file = exportProgress(storage, IDS, Date.UTC(2026, 0, 2));
    expect(file).toEqual({
      format: PROGRESS_FORMAT,
      version: 1,
      exportedAt: '2026-01-02T00:00:00.000Z',
      labs: {
        'channels/ping-pong': { edits: { files: { 'main.ts': 'ping' }, savedAt: 1000 }, progress: passed },
        'services/users': { progress: failed },
      },
    });
  });

  it('round-trips: an exported file imported into an empty browser gives back the same storage', () => {
    const { storage, backend } = filled();
    const text = JSON.stringify(exportProgress(storage, IDS));
    const parsed = parseProgressFile(text);
    if (!parsed.ok) throw parsed.error;
    const fresh = memoryStorage();
    const result = importProgress(createLabStorage(fresh), parsed.file, IDS);
    expect(result).toEqual({
      status: 'imported',
      edits: ['channels/ping-pong'],
      progress: ['channels/ping-pong', 'services/users'],
      skipped: [],
    });
    expect(new Map(fresh.data)).toEqual(new Map(backend.data));
  });
});

describe('progress file validation', () => {
  const good = () =>
    JSON.parse(JSON.stringify(exportProgress(filled().storage, IDS, 0))) as Record<string, unknown>;
  const labs = (file: Record<string, unknown>) => file['labs'] as Record<string, Record<string, unknown>>;

  it.each([
    ['not JSON', () => '{"format":', 'not-json', undefined],
    ['another JSON file', () => JSON.stringify({ name: 'package' }), 'not-progress-file', undefined],
    ['a JSON array', () => '[]', 'not-progress-file', undefined],
    ['a newer version', () => JSON.stringify({ ...good(), version: 2 }), 'newer-version', undefined],
    ['version 0', () => JSON.stringify({ ...good(), version: 0 }), 'wrong-value', 'version'],
    [
      'a file that is not a string',
      () => {
        const f = good();
        (labs(f)['channels/ping-pong']!['edits'] as { files: Record<string, unknown> }).files['main.ts'] = 3;
        return JSON.stringify(f);
      },
      'wrong-value',
      'labs.channels/ping-pong.edits.files.main.ts',
    ],
    [
      'a file name outside the lab',
      () => {
        const f = good();
        (labs(f)['channels/ping-pong']!['edits'] as { files: Record<string, unknown> }).files['../x.ts'] = '';
        return JSON.stringify(f);
      },
      'wrong-value',
      'labs.channels/ping-pong.edits.files.../x.ts',
    ],
    [
      'a malformed lab id',
      () => JSON.stringify({ ...good(), labs: { 'Not An Id': {} } }),
      'wrong-value',
      'labs.Not An Id',
    ],
    [
      'progress without its result',
      () => {
        const f = good();
        delete labs(f)['services/users']!['progress'];
        labs(f)['services/users']!['progress'] = { passed: true, at: 1 };
        return JSON.stringify(f);
      },
      'missing-field',
      'labs.services/users.progress.best',
    ],
    ['an unknown field', () => JSON.stringify({ ...good(), extra: 1 }), 'unknown-field', 'extra'],
    [
      'no export date',
      () => JSON.stringify({ ...good(), exportedAt: undefined }),
      'missing-field',
      'exportedAt',
    ],
  ])('names what is wrong in %s', (_what, text, code, field) => {
    const result = parseProgressFile(text());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.field).toBe(field);
  });

  it('refuses a file larger than any real progress before reading it', () => {
    const result = parseProgressFile('{}', 11 * 1024 * 1024);
    expect(!result.ok && result.error.code).toBe('too-large');
  });
});

describe('progress file import', () => {
  it('never downgrades a pass, replaces saved code, and skips labs the site does not have', () => {
    const { storage } = filled();
    const result = importProgress(
      storage,
      {
        format: PROGRESS_FORMAT,
        version: 1,
        exportedAt: '2026-01-01T00:00:00.000Z',
        labs: {
          'channels/ping-pong': { edits: { files: { 'main.ts': 'pong' }, savedAt: 5 }, progress: failed },
          'gone/lab': { progress: passed },
        },
      },
      IDS,
    );
    expect(result).toEqual({
      status: 'imported',
      edits: ['channels/ping-pong'],
      progress: ['channels/ping-pong'],
      skipped: ['gone/lab'],
    });
    expect(storage.loadProgress('channels/ping-pong')).toEqual(passed);
    expect(storage.loadEdits('channels/ping-pong')).toEqual({ files: { 'main.ts': 'pong' }, savedAt: 5 });
    expect(storage.loadProgress('gone/lab')).toBeNull();
  });

  // Used to break: a quota error halfway left some labs imported and others not.
  it('changes nothing when storage fills up at any point of the import', () => {
    const source = filled().storage;
    source.saveEdits('services/users', { 'main.ts': 'users'.repeat(20) }, 7);
    const file = exportProgress(source, IDS);
    const backend = memoryStorage();
    const before = createLabStorage(backend);
    before.saveEdits('services/users', { 'main.ts': 'mine' }, 9);
    before.saveProgress('goroutines/wait-for-workers', passed);
    const snapshot = new Map(backend.data);
    const used = [...snapshot].reduce((n, [k, v]) => n + k.length + v.length, 0);
    let fullSeen = 0;
    for (let room = 0; room < 400; room += 10) {
      const result = importProgress(
        createLabStorage(limited(backend, used + room + 'gcl:probe1'.length)),
        file,
        IDS,
      );
      if (result.status === 'imported') break;
      fullSeen += 1;
      expect(result).toEqual({ status: 'full' });
      expect(new Map(backend.data)).toEqual(snapshot);
    }
    // The loop met a failure at several points of the import, then a room large enough.
    expect(fullSeen).toBeGreaterThan(3);
    expect(before.loadEdits('services/users')?.files['main.ts']).toBe('users'.repeat(20));
  });

  it('says storage is unavailable without touching anything', () => {
    const parsed = parseProgressFile(JSON.stringify(exportProgress(filled().storage, IDS)));
    if (!parsed.ok) throw parsed.error;
    expect(importProgress(createLabStorage(null), parsed.file, IDS)).toEqual({ status: 'unavailable' });
  });
});

describe('reset all', () => {
  it('lists then deletes every lab’s code and results, and keeps the runner choice', () => {
    const { storage, backend } = filled();
    storage.saveRunnerPreference('worker');
    expect(savedLabs(storage, IDS)).toEqual({
      edits: ['channels/ping-pong'],
      progress: ['channels/ping-pong', 'services/users'],
    });
    expect(resetAll(storage, IDS)).toBe('saved');
    expect([...backend.data.keys()]).toEqual(['gcl:runner:v1']);
  });
});
