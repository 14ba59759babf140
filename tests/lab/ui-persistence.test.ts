/**
 * Lab edits and progress survive in storage, and a refusing or full storage never breaks the lab.
 */
import { describe, expect, it } from 'vitest';
import {
  createLabStorage,
  editsKey,
  mergeProgress,
  progressKey,
  type LabProgress,
} from '../../src/lab/ui/persistence.ts';
import { memoryStorage } from './ui-fakes.ts';

describe('lab storage', () => {
  it('keeps edits under gcl:lab:<id>:v1 and reads them back', () => {
    const backend = memoryStorage();
    const storage = createLabStorage(backend);
    expect(storage.saveEdits('channels/ping-pong', { 'main.ts': 'x' }, 42)).toBe('saved');
    expect(backend.data.has('gcl:lab:channels/ping-pong:v1')).toBe(true);
    expect(editsKey('a/b')).toBe('gcl:lab:a/b:v1');
    expect(storage.loadEdits('channels/ping-pong')).toEqual({ files: { 'main.ts': 'x' }, savedAt: 42 });
  });

  it('reads garbage or foreign values as nothing saved', () => {
    const backend = memoryStorage();
    backend.data.set(editsKey('a/b'), '{not json');
    backend.data.set(editsKey('c/d'), JSON.stringify({ files: { 'main.ts': 3 } }));
    backend.data.set(progressKey('a/b'), JSON.stringify({ passed: 'yes' }));
    const storage = createLabStorage(backend);
    expect(storage.loadEdits('a/b')).toBeNull();
    expect(storage.loadEdits('c/d')).toBeNull();
    expect(storage.loadProgress('a/b')).toBeNull();
  });

  it('reports a full storage as full and a refusing one as unavailable, without throwing', () => {
    expect(createLabStorage(memoryStorage('full')).saveEdits('a/b', {})).toBe('full');
    expect(createLabStorage(memoryStorage('denied')).saveEdits('a/b', {})).toBe('unavailable');
    const none = createLabStorage(null);
    expect(none.available).toBe(false);
    expect(none.saveEdits('a/b', {})).toBe('unavailable');
    expect(none.loadEdits('a/b')).toBeNull();
  });

  it('clears edits on reset', () => {
    const backend = memoryStorage();
    const storage = createLabStorage(backend);
    storage.saveEdits('a/b', { 'main.ts': 'x' });
    storage.clearEdits('a/b');
    expect(storage.loadEdits('a/b')).toBeNull();
  });

  it('round-trips progress', () => {
    const storage = createLabStorage(memoryStorage());
    const progress: LabProgress = { passed: true, best: { passed: 3, total: 3 }, at: 7 };
    storage.saveProgress('a/b', progress);
    expect(storage.loadProgress('a/b')).toEqual(progress);
  });
});

describe('merging progress', () => {
  const pass: LabProgress = { passed: true, best: { passed: 3, total: 3 }, at: 1 };
  const partial: LabProgress = { passed: false, best: { passed: 2, total: 3 }, at: 2 };
  const worse: LabProgress = { passed: false, best: { passed: 1, total: 3 }, at: 3 };

  it.each([
    ['a later failing check does not undo a pass', pass, partial, pass],
    ['a worse failing check keeps the better one', partial, worse, partial],
    ['a better check replaces a worse one', worse, partial, partial],
    ['a pass replaces a failure', partial, pass, pass],
    ['the first check is kept as it is', null, worse, worse],
  ])('%s', (_name, previous, next, expected) => {
    expect(mergeProgress(previous, next)).toEqual(expected);
  });
});
