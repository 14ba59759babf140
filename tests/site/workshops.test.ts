/**
 * The workshop plans (src/site/workshops.ts), which both locales' teach/ pages render: every lab a
 * plan names exists and is taught by a lesson of both locales; every check item an instructor note
 * says a mistake fails is an item that lab's check records, with the same words in both languages;
 * each plan's blocks fill exactly its stated length; every text is in both languages.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { say } from '../../src/lab/check/text.ts';
import { LAB_NOTES, PLANS, planLabs, type Bilingual, type Plan } from '../../src/site/workshops.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const docs = `${root}src/content/docs/`;
const CJK = /[\u3400-\u9fff]/;
const CJK_RUN = /[\u3400-\u9fff]{2}/;

// A JavaScript string literal: single-, double-quoted or a template (whose ${…} parts hold no brace).
const LIT = String.raw`'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\`(?:[^\`\\]|\\.)*\``;
const TITLE = new RegExp(
  String.raw`t\.(?:expect|equal)\(\s*\{\s*en:\s*(${LIT}),\s*'zh-cn':\s*(${LIT}),?\s*\}`,
  'g',
);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The constants of a check that are a number, or one product, sum or difference of two numbers or
 * earlier such constants (`const deposits = 10;`, `const total = deposits * deposit;`), so that a
 * title's `${total}` is matched as 1000 and not as any text.
 */
function constants(source: string): Map<string, string> {
  const known = new Map<string, string>();
  const operand = (s: string) => (/^\d+(\.\d+)?$/.test(s) ? Number(s) : Number(known.get(s) ?? NaN));
  for (const [, name = '', expr = ''] of source.matchAll(/^\s*const (\w+) = ([^;\n]+);$/gm)) {
    const [, a = '', op, b = ''] = /^(\w+)(?:\s*([*+-])\s*(\w+))?$/.exec(expr) ?? [];
    const x = operand(a);
    const y = operand(b);
    const value = op === undefined ? x : op === '*' ? x * y : op === '+' ? x + y : x - y;
    if (Number.isFinite(value)) known.set(name, String(value));
  }
  return known;
}

/**
 * A literal from check.ts as a pattern of the text it makes: a template's `${name}` of a known
 * constant is its value, any other `${…}` matches any text.
 */
function literalPattern(literal: string, known: ReadonlyMap<string, string>): RegExp {
  const body = literal.slice(1, -1);
  const unescape = (s: string) => s.replace(/\\(.)/g, '$1');
  if (!literal.startsWith('`')) return new RegExp(`^${escape(unescape(body))}$`);
  let pattern = '';
  let last = 0;
  for (const m of body.matchAll(/\$\{([^}]*)\}/g)) {
    pattern += escape(unescape(body.slice(last, m.index)));
    const value = known.get((m[1] ?? '').trim());
    pattern += value === undefined ? '.+?' : escape(value);
    last = m.index + m[0].length;
  }
  return new RegExp(`^${pattern}${escape(unescape(body.slice(last)))}$`);
}

/** The titles a lab's check records: its own t.expect/t.equal titles, and labcheck's for the helpers it calls. */
function checkTitles(lab: string): { en: RegExp; zh: RegExp }[] {
  const source = readFileSync(`${root}labs/${lab}/check.ts`, 'utf8');
  const known = constants(source);
  const titles = [...source.matchAll(TITLE)].map(([, en = '', zh = '']) => ({
    en: literalPattern(en, known),
    zh: literalPattern(zh, known),
  }));
  const exact = (text: string) => new RegExp(`^${escape(text)}$`);
  for (const [call, key] of [
    ['t.noLeaks(', 'noLeaks'],
    ['t.exitsCleanly(', 'exitsCleanly'],
  ] as const) {
    if (!source.includes(call)) continue;
    const { en, 'zh-cn': zh } = say(key);
    titles.push({ en: exact(en), zh: exact(zh) });
  }
  return titles;
}

/** Every text of a plan and of the notes of its labs. */
function texts(plan: Plan): Bilingual[] {
  return [
    plan.title,
    ...plan.prerequisites,
    ...plan.goals,
    ...plan.blocks.flatMap((b) => [...(b.title === undefined ? [] : [b.title]), ...b.goals]),
  ];
}
const noteTexts = Object.values(LAB_NOTES).flatMap((n) => [
  ...n.mistakes.flatMap((m) => [m.what, ...m.fails]),
  ...n.hints,
  ...n.questions,
]);

describe('the workshop plans', () => {
  it('are a 2-hour plan of 4 to 5 labs and a 1-day plan of about 12', () => {
    expect(PLANS.map((p) => [p.id, p.minutes])).toEqual([
      ['two-hour-workshop', 120],
      ['one-day-workshop', expect.any(Number)],
    ]);
    const [two, day] = PLANS;
    expect(planLabs(two!).length).toBeGreaterThanOrEqual(4);
    expect(planLabs(two!).length).toBeLessThanOrEqual(5);
    expect(planLabs(day!).length).toBeGreaterThanOrEqual(11);
    expect(planLabs(day!).length).toBeLessThanOrEqual(13);
    expect(day!.minutes).toBeGreaterThanOrEqual(6 * 60);
    expect(day!.minutes).toBeLessThanOrEqual(8 * 60);
  });

  it("fill each plan's stated length exactly, with lab blocks of 15 to 35 minutes and breaks", () => {
    for (const plan of PLANS) {
      expect(
        plan.blocks.reduce((sum, b) => sum + b.minutes, 0),
        plan.id,
      ).toBe(plan.minutes);
      for (const b of plan.blocks) {
        expect(Number.isInteger(b.minutes) && b.minutes > 0, `${plan.id}: ${b.lab ?? b.title?.en}`).toBe(
          true,
        );
        if (b.kind === 'lab') {
          expect(b.minutes, b.lab).toBeGreaterThanOrEqual(15);
          expect(b.minutes, b.lab).toBeLessThanOrEqual(35);
          expect(b.title, `${b.lab} is named by its lab's title`).toBeUndefined();
          expect(b.goals.length, b.lab).toBeGreaterThan(0);
        } else {
          expect(b.lab, `${plan.id}: a ${b.kind} block names no lab`).toBeUndefined();
          expect(b.title, `${plan.id}: a ${b.kind} block has a title`).toBeDefined();
        }
      }
      expect(plan.blocks[0]?.kind, `${plan.id} opens with the setup`).toBe('talk');
      expect(
        plan.blocks.some((b) => b.kind === 'break'),
        `${plan.id} has a break`,
      ).toBe(true);
      const labs = planLabs(plan);
      expect(new Set(labs).size, `${plan.id} names each lab once`).toBe(labs.length);
    }
    // The day has a lunch of an hour.
    expect(PLANS[1]?.blocks.some((b) => b.kind === 'break' && b.minutes >= 45)).toBe(true);
  });

  it('name labs that exist, each taught by a lesson of both locales, each with notes', () => {
    const named = new Set(PLANS.flatMap(planLabs));
    expect(Object.keys(LAB_NOTES).sort()).toEqual([...named].sort());
    for (const id of named) {
      const labJson = `${root}labs/${id}/lab.json`;
      expect(existsSync(labJson), id).toBe(true);
      const { lesson } = JSON.parse(readFileSync(labJson, 'utf8')) as { lesson: string };
      expect(existsSync(`${docs}${lesson}.mdx`), `${id}: ${lesson}`).toBe(true);
      expect(existsSync(`${docs}zh-cn/${lesson}.mdx`), `${id}: zh-cn/${lesson}`).toBe(true);
    }
  });

  it("name every check item a mistake fails by its exact title, in both languages, from that lab's check", () => {
    for (const [lab, notes] of Object.entries(LAB_NOTES)) {
      const titles = checkTitles(lab);
      expect(titles.length, lab).toBeGreaterThan(0);
      expect(notes.mistakes.length, lab).toBeGreaterThanOrEqual(2);
      expect(notes.hints.length, lab).toBeGreaterThanOrEqual(1);
      expect(notes.questions.length, lab).toBeGreaterThanOrEqual(1);
      for (const m of notes.mistakes) {
        expect(m.fails.length, `${lab}: ${m.what.en}`).toBeGreaterThan(0);
        for (const item of m.fails)
          expect(
            titles.some((title) => title.en.test(item.en) && title.zh.test(item.zh)),
            `${lab}: no check item titled "${item.en}" / "${item.zh}"`,
          ).toBe(true);
      }
    }
  });

  it('say everything in both languages, the Chinese in Chinese, each text on one line', () => {
    for (const text of [...PLANS.flatMap(texts), ...noteTexts]) {
      for (const s of [text.en, text.zh]) {
        expect(s.trim(), text.en).toBe(s);
        expect(s, text.en).not.toMatch(/\n/);
        expect(s.length, text.en).toBeGreaterThan(1);
      }
      expect(text.en, text.en).not.toMatch(CJK);
      // Two Chinese characters in a row: a word, not a lone character among code.
      expect(text.zh, text.en).toMatch(CJK_RUN);
    }
  });

  it('are on a page of each locale, and the home pages link to both', () => {
    for (const plan of PLANS) {
      for (const [locale, dir] of [
        ['en', ''],
        ['zh-cn', 'zh-cn/'],
      ] as const) {
        const file = `${docs}${dir}teach/${plan.id}.mdx`;
        expect(existsSync(file), file).toBe(true);
        const page = readFileSync(file, 'utf8');
        expect(page, file).toContain(`<WorkshopPlan locale="${locale}" plan="${plan.id}" />`);
        expect(page, file).toContain(`<WorkshopNotes locale="${locale}" plan="${plan.id}" />`);
        if (locale === 'zh-cn')
          // Chinese prose never breaks a line between two CJK characters (it would show as a space).
          expect(page, file).not.toMatch(
            /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]\n[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/,
          );
        const home = readFileSync(`${docs}${dir}index.mdx`, 'utf8');
        expect(home, `${dir}index.mdx`).toContain(`](/${dir}teach/${plan.id}/)`);
      }
    }
  });
});
