/**
 * The FAQ pages (reference/faq.mdx in both locales): the same questions in the same order, each
 * answered with at least one link into the lessons of the page's own locale. That the links reach
 * real pages and headings is the build's check (starlight-links-validator).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const docs = fileURLToPath(new URL('../../src/content/docs/', import.meta.url));

/** Each `## question` with the internal links of its answer. */
function questions(file: string): { question: string; links: string[] }[] {
  const body = readFileSync(`${docs}${file}`, 'utf8').split(/^## /m).slice(1);
  return body.map((section) => ({
    question: section.split('\n')[0]!,
    links: [...section.matchAll(/\]\((\/[^)]*)\)/g)].map((m) => m[1]!),
  }));
}

describe('the FAQ', () => {
  const en = questions('reference/faq.mdx');
  const zh = questions('zh-cn/reference/faq.mdx');

  it('asks the same questions in both languages, each answered with links into the lessons', () => {
    expect(en.length).toBeGreaterThanOrEqual(9);
    expect(zh.length).toBe(en.length);
    for (const [i, q] of en.entries()) {
      expect(q.links.length, q.question).toBeGreaterThan(0);
      for (const link of q.links) expect(link, q.question).not.toMatch(/^\/zh-cn\//);
      // The Chinese answer links the same pages, in the Chinese locale.
      expect(zh[i]!.links, zh[i]!.question).toEqual(q.links.map((l) => `/zh-cn${l}`));
    }
  });
});
