/**
 * The lab configuration a page embeds is read back whole, or refused with the missing field named.
 */
import { describe, expect, it } from 'vitest';
import { LabConfigError, readLabConfig, type LabConfig } from '../../src/lab/ui/config.ts';
import { format, labLocale, translator } from '../../src/lab/ui/i18n.ts';

const config: LabConfig = {
  id: 'channels/ping-pong',
  locale: 'en',
  entry: 'main.ts',
  kind: 'exercise',
  clock: 'virtual',
  seed: 1,
  services: false,
  timeoutMs: 10_000,
  starter: { 'main.ts': 'x' },
  base: '/_lab/',
  goTwin: false,
};

describe('the embedded lab configuration', () => {
  it('reads back what Lab.astro writes', () => {
    expect(readLabConfig(JSON.stringify(config))).toEqual(config);
  });

  it.each([
    ['not JSON', '{', 'not JSON'],
    ['without an id', JSON.stringify({ ...config, id: undefined }), '"id"'],
    ['with an unknown locale', JSON.stringify({ ...config, locale: 'fr' }), '"locale"'],
    ['whose starter lacks the entry', JSON.stringify({ ...config, starter: { 'other.ts': '' } }), 'starter'],
  ])('refuses a configuration %s', (_name, text, message) => {
    expect(() => readLabConfig(text)).toThrow(LabConfigError);
    expect(() => readLabConfig(text)).toThrow(message);
  });
});

describe('the lab’s words', () => {
  it('picks Chinese for any zh locale and English otherwise', () => {
    expect(labLocale('zh-CN')).toBe('zh-cn');
    expect(labLocale('zh-cn')).toBe('zh-cn');
    expect(labLocale(undefined)).toBe('en');
    expect(labLocale('en')).toBe('en');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('exit status {code}', { code: 2 })).toBe('exit status 2');
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(translator('zh-cn')('lab.status.exited', { code: 0 })).toBe('已结束，退出状态 0。');
  });
});
