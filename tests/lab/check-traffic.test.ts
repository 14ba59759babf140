/**
 * A service lab's Check and the Traffic view: the host streams the mesh's traffic records of the
 * run the terminal shows, and none of the runs `t.explore` makes quietly after its first (they
 * used to pile every schedule's requests on the same instants, so the view counted each call once
 * per schedule). Nor do those runs announce their listeners: the Requests tab listed every service
 * once per schedule.
 */
import { describe, expect, it } from 'vitest';
import { trafficEventOf, type LabMessage } from '../../src/lab/protocol.ts';
import { runLab } from '../../src/lab/runners/node.ts';
import { labMetaSchema } from '../../src/lab/schema.ts';
import { useBuiltPackages } from './helpers.ts';

const pkgs = useBuiltPackages();

/** Serves `pinger`, calls it twice over HTTP, closes it and returns. */
const program = [
  "import { main } from 'gort';",
  "import { Router, get, serve, text } from 'gomesh';",
  'main(async () => {',
  "  const s = await serve('pinger', new Router().get('/ping', () => text(200, 'pong')));",
  '  await get(`${s.url}/ping`);',
  '  await get(`${s.url}/ping`);',
  '  await s.close();',
  '});',
].join('\n');

const exploring = (schedules: number) =>
  [
    "import { defineCheck } from 'labcheck';",
    'export default defineCheck(async (t) => {',
    `  await t.explore((run) => t.exitsCleanly(run), { schedules: ${schedules} });`,
    '});',
  ].join('\n');

/** The messages a check of `program` explored over `schedules` sends. */
async function messagesOfCheck(schedules: number): Promise<LabMessage[]> {
  const meta = labMetaSchema.parse({
    title: { en: 'traffic', 'zh-cn': 'traffic' },
    lesson: 'tests',
    kind: 'demo',
    instructions: { en: 'traffic', 'zh-cn': 'traffic' },
    clock: 'virtual',
    services: true,
  });
  const files = { 'main.ts': program };
  const messages: LabMessage[] = [];
  const { report } = await runLab(
    { id: 'tests/check-traffic', meta, starter: files, solution: files, check: exploring(schedules) },
    { mode: 'check', packages: pkgs.current, net: 'memory', onMessage: (m) => messages.push(m) },
  );
  expect(report?.passed).toBe(true);
  return messages;
}

async function trafficOfCheck(schedules: number): Promise<{ to: string; status: number }[]> {
  return (await messagesOfCheck(schedules)).flatMap((m) =>
    m.type !== 'traffic'
      ? []
      : m.rows.flatMap((row) => {
          const e = trafficEventOf(row);
          return e?.kind === 'request' ? [{ to: e.to, status: e.status }] : [];
        }),
  );
}

describe("a service lab's check", () => {
  it('streams the traffic of the first explored run only, as the terminal shows only its output', async () => {
    const one = await trafficOfCheck(1);
    expect(one).toEqual([
      { to: 'pinger', status: 200 },
      { to: 'pinger', status: 200 },
    ]);
    expect(await trafficOfCheck(5)).toEqual(one);
  });

  it('announces the listeners of the first explored run only, so each service is listed once', async () => {
    const listeners = async (schedules: number) =>
      (await messagesOfCheck(schedules)).flatMap((m) => (m.type === 'listen' ? [m.name] : []));
    expect(await listeners(1)).toEqual(['pinger']);
    expect(await listeners(5)).toEqual(['pinger']);
  });
});
