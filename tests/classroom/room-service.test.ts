/**
 * The room service over real HTTP on 127.0.0.1 with a real SQLite file: a session from join to CSV,
 * the live streams, a restart on the same file, and every kind of bad input the API refuses.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dashboard, LabResult, Release, StudentView } from '../../src/classroom/store.ts';
import { api, EventReader, item, join, startClassroom, tempDir, type Running } from './helpers.ts';

const LAB = 'goroutines/wait-for-workers';
const OTHER_LAB = 'channels/ping-pong';

let temp: ReturnType<typeof tempDir>;
let server: Running;
const readers: EventReader[] = [];

const open = async (url: string, credential: string, lastEventId?: string) => {
  const reader = await EventReader.open(url, credential, lastEventId);
  readers.push(reader);
  return reader;
};

beforeEach(async () => {
  temp = tempDir();
  server = await startClassroom(path.join(temp.dir, 'room.db'));
});

afterEach(async () => {
  for (const reader of readers.splice(0)) reader.close();
  await server.close();
  temp.remove();
});

describe('a workshop session', () => {
  it('tells a page it is a classroom server, with the titles of each lab and lesson', async () => {
    const { status, body } = await api(`${server.url}/api/classroom`, 'GET');
    expect(status).toBe(200);
    expect(body['service']).toBe('go-concurrency-labs-classroom');
    expect(body['labs']).toContain(LAB);
    const titles = body['titles'] as Record<
      string,
      { title: { en: string; 'zh-cn': string }; lesson: string }
    >;
    expect(titles[LAB]?.lesson).toBe('concurrency/goroutines');
    expect(titles[LAB]?.title['zh-cn']).toMatch(/\p{Script=Han}/u);
  });

  it('joins, submits, and the dashboard shows the grid and the most failed items', async () => {
    const { url, room } = server;
    const ada = await join(url, room.code.toLowerCase(), '  Ada   Lovelace ');
    const bob = await join(url, room.code, 'Bob');

    const first = await api(`${url}/api/student/results`, 'POST', ada.token, {
      lab: LAB,
      items: [item('all five finish', false), item('main never sleeps', true)],
    });
    expect(first.status).toBe(201);
    expect(first.body['result']).toMatchObject({ attempts: 1, passedItems: 1, totalItems: 2, passed: false });
    await api(`${url}/api/student/results`, 'POST', bob.token, {
      lab: LAB,
      items: [item('all five finish', false), item('main never sleeps', false)],
    });
    const second = await api(`${url}/api/student/results`, 'POST', ada.token, {
      lab: LAB,
      items: [item('all five finish', true), item('main never sleeps', true)],
    });
    expect(second.body['result']).toMatchObject({ attempts: 2, passedItems: 2, passed: true, failing: [] });

    const { status, body } = await api(`${url}/api/instructor/dashboard`, 'GET', room.key);
    expect(status).toBe(200);
    const dashboard = body as unknown as Dashboard & { labs: { id: string }[] };
    expect(dashboard.students.map((s) => s.name)).toEqual(['Ada Lovelace', 'Bob']);
    expect(dashboard.labs.map((lab) => lab.id)).toContain(LAB);
    const adaCell = dashboard.results.find((r) => r.studentId === ada.id && r.lab === LAB);
    expect(adaCell).toMatchObject({ attempts: 2, passed: true });
    expect(adaCell?.firstPassedAt).toEqual(expect.any(Number));
    // Ada's latest report passes, so only Bob's counts: both his items fail once each.
    expect(dashboard.failing[LAB]?.map((f) => [f.item.en, f.students])).toEqual([
      ['all five finish', 1],
      ['main never sleeps', 1],
    ]);
  });

  it('counts a failing item once per student whose latest report fails it, most failed first', async () => {
    const { url, room } = server;
    for (const name of ['A', 'B', 'C']) {
      const { token } = await join(url, room.code, name);
      await api(`${url}/api/student/results`, 'POST', token, {
        lab: LAB,
        items: [item('often', false), item(name === 'A' ? 'once' : 'fine', name !== 'A')],
      });
    }
    const { body } = await api(`${url}/api/instructor/dashboard`, 'GET', room.key);
    expect((body as unknown as Dashboard).failing[LAB]?.map((f) => [f.item.en, f.students])).toEqual([
      ['often', 3],
      ['once', 1],
    ]);
  });

  it("pushes a submission to every instructor stream, and a release to students' streams", async () => {
    const { url, room } = server;
    const first = await open(`${url}/api/instructor/events`, room.key);
    const second = await open(`${url}/api/instructor/events`, room.key);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(first.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    const snapshot = await first.waitFor((e) => e.event === 'snapshot');
    expect(first.data<Dashboard>(snapshot).students).toEqual([]);

    const ada = await join(url, room.code, 'Ada');
    const student = await open(`${url}/api/student/events`, ada.token);
    await student.waitFor((e) => e.event === 'snapshot');
    await api(`${url}/api/student/results`, 'POST', ada.token, { lab: LAB, items: [item('x', true)] });

    for (const reader of [first, second]) {
      const joined = await reader.waitFor((e) => e.event === 'joined');
      expect(reader.data<{ student: { name: string } }>(joined).student.name).toBe('Ada');
      const result = await reader.waitFor((e) => e.event === 'result');
      expect(reader.data<{ result: LabResult }>(result).result).toMatchObject({
        studentId: ada.id,
        lab: LAB,
        passed: true,
      });
      expect(Number(result.id)).toBeGreaterThan(Number(joined.id));
    }

    const released = await api(`${url}/api/instructor/releases`, 'POST', room.key, {
      kind: 'solution',
      lab: LAB,
    });
    expect(released.status).toBe(201);
    const event = await student.waitFor((e) => e.event === 'released');
    expect(student.data<{ release: Release }>(event).release).toMatchObject({ kind: 'solution', lab: LAB });
    await first.waitFor((e) => e.event === 'released');
    // the student's stream carries releases only: no one's joins or results
    expect(student.events.map((e) => e.event)).toEqual(['snapshot', 'released']);

    // releasing the same thing again changes nothing and tells no one
    const again = await api(`${url}/api/instructor/releases`, 'POST', room.key, {
      kind: 'solution',
      lab: LAB,
    });
    expect(again.status).toBe(200);
    const view = await api(`${url}/api/student`, 'GET', ada.token);
    expect((view.body as unknown as StudentView).releases).toHaveLength(1);
  });

  it('resumes a stream after Last-Event-ID with exactly the changes it missed', async () => {
    const { url, room } = server;
    const ada = await join(url, room.code, 'Ada');
    const stream = await open(`${url}/api/instructor/events`, room.key);
    const snapshot = await stream.waitFor((e) => e.event === 'snapshot');
    stream.close();
    await api(`${url}/api/student/results`, 'POST', ada.token, { lab: LAB, items: [item('x', false)] });
    await api(`${url}/api/student/results`, 'POST', ada.token, { lab: OTHER_LAB, items: [item('y', true)] });

    const resumed = await open(`${url}/api/instructor/events`, room.key, snapshot.id);
    const second = await resumed.waitFor((e) => e.event === 'result' && e.data.includes(OTHER_LAB));
    expect(resumed.events.map((e) => e.event)).toEqual(['result', 'result']);
    expect(Number(second.id)).toBe(Number(snapshot.id) + 2);
  });

  it('loses nothing when the server restarts on the same database file', async () => {
    const { url, room } = server;
    const ada = await join(url, room.code, 'Ada');
    await api(`${url}/api/student/results`, 'POST', ada.token, { lab: LAB, items: [item('x', false)] });
    await api(`${url}/api/instructor/releases`, 'POST', room.key, { kind: 'lab', lab: OTHER_LAB });
    const before = await open(`${url}/api/instructor/events`, room.key);
    const last = await before.waitFor((e) => e.event === 'snapshot');
    before.close();
    await server.close();

    server = await startClassroom(path.join(temp.dir, 'room.db'));
    expect(server.room).toEqual(room);
    const view = await api(`${server.url}/api/student`, 'GET', ada.token);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      student: { id: ada.id, name: 'Ada' },
      room: { code: room.code },
      results: [{ lab: LAB, attempts: 1, passed: false, failing: [{ en: 'x' }] }],
      releases: [{ kind: 'lab', lab: OTHER_LAB }],
    });
    const next = await api(`${server.url}/api/student/results`, 'POST', ada.token, {
      lab: LAB,
      items: [item('x', true)],
    });
    expect(next.body['result']).toMatchObject({ attempts: 2, passed: true });
    // the instructor tab that was open before the restart reconnects and gets what it missed
    const resumed = await open(`${server.url}/api/instructor/events`, room.key, last.id);
    const event = await resumed.waitFor((e) => e.event === 'result');
    expect(resumed.data<{ result: LabResult }>(event).result.attempts).toBe(2);
    const dashboard = await api(`${server.url}/api/instructor/dashboard`, 'GET', room.key);
    expect((dashboard.body as unknown as Dashboard).students).toHaveLength(1);
  });

  it('keeps shared code for the instructor only', async () => {
    const { url, room } = server;
    const ada = await join(url, room.code, 'Ada');
    const stream = await open(`${url}/api/instructor/events`, room.key);
    const shared = await api(`${url}/api/student/shares`, 'POST', ada.token, {
      lab: LAB,
      files: { 'main.ts': 'console.log(1);\n' },
    });
    expect(shared.status).toBe(201);
    const event = await stream.waitFor((e) => e.event === 'shared');
    expect(event.data).not.toContain('console.log'); // the stream names the share; code is fetched
    const id = (shared.body['share'] as { id: number }).id;
    const code = await api(`${url}/api/instructor/shares/${id}`, 'GET', room.key);
    expect(code.body['share']).toMatchObject({ lab: LAB, code: { 'main.ts': 'console.log(1);\n' } });
    expect((await api(`${url}/api/instructor/shares/${id}`, 'GET', ada.token)).status).toBe(403);
    const dashboard = await api(`${url}/api/instructor/dashboard`, 'GET', room.key);
    expect((dashboard.body as unknown as Dashboard).shares).toEqual([
      { id, studentId: ada.id, lab: LAB, files: ['main.ts'], at: expect.any(Number) as number },
    ]);
  });

  it('exports the results as CSV, one row per student and lab, safe to open in a spreadsheet', async () => {
    const { url, room } = server;
    const ada = await join(url, room.code, 'Ada, "the first"');
    await join(url, room.code, '=HYPERLINK("x")');
    await api(`${url}/api/student/results`, 'POST', ada.token, {
      lab: LAB,
      items: [item('all five finish', false), item('main never sleeps', false), item('ok', true)],
    });
    const response = await fetch(`${url}/api/instructor/export.csv`, {
      headers: { authorization: `Bearer ${room.key}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="classroom-${room.code}.csv"`,
    );
    const lines = (await response.text()).split('\r\n');
    expect(lines[0]).toBe(
      'student,joined_at,lab,attempts,passed_items,total_items,passed,first_passed_at,last_at,failing_items',
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^"Ada, ""the first""",[0-9T:.Z-]+,${LAB},1,1,3,no,,[0-9T:.Z-]+,all five finish \\| main never sleeps$`,
      ),
    );
    expect(lines[2]).toMatch(/^"'=HYPERLINK\(""x""\)",[0-9T:.Z-]+,,,,,,,,$/);
    expect(lines[3]).toBe('');
    expect(lines).toHaveLength(4);
  });
});

describe('credentials', () => {
  it('refuses the instructor routes without the key (401), with a wrong key (401) and with a student token (403)', async () => {
    const { url, room } = server;
    const ada = await join(url, room.code, 'Ada');
    const missing = await api(`${url}/api/instructor/dashboard`, 'GET');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="classroom"');
    expect(missing.body).toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringContaining('instructor key') as string,
    });
    expect((await api(`${url}/api/instructor/dashboard`, 'GET', `${room.key}x`)).status).toBe(401);
    expect((await api(`${url}/api/instructor/dashboard`, 'GET', 'k_guess')).status).toBe(401);
    const student = await api(`${url}/api/instructor/dashboard`, 'GET', ada.token);
    expect(student).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    for (const route of ['events', 'export.csv', `students/${ada.id}`]) {
      expect((await api(`${url}/api/instructor/${route}`, 'GET', ada.token)).status).toBe(403);
      expect((await api(`${url}/api/instructor/${route}`, 'GET')).status).toBe(401);
    }
    const release = await api(`${url}/api/instructor/releases`, 'POST', ada.token, { kind: 'lab', lab: LAB });
    expect(release.status).toBe(403);
    const malformed = await fetch(`${url}/api/instructor/dashboard`, {
      headers: { authorization: room.key },
    });
    expect(malformed.status).toBe(401);
  });

  it("never shows a student another student's results", async () => {
    const { url, room } = server;
    const ada = await join(url, room.code, 'Ada');
    const bob = await join(url, room.code, 'Bob');
    await api(`${url}/api/student/results`, 'POST', bob.token, {
      lab: LAB,
      items: [item('bob secret', false)],
    });
    const view = await api(`${url}/api/student`, 'GET', ada.token);
    expect(view.body).toMatchObject({ student: { id: ada.id }, results: [] });
    expect(JSON.stringify(view.body)).not.toContain('bob secret');
    const other = await api(`${url}/api/instructor/students/${bob.id}`, 'GET', ada.token);
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.body)).not.toContain('bob secret');
    const asInstructor = await api(`${url}/api/instructor/students/${bob.id}`, 'GET', room.key);
    expect(asInstructor.body).toMatchObject({
      student: { name: 'Bob' },
      results: [{ failing: [{ en: 'bob secret' }] }],
    });
  });

  it('refuses the student routes without a token, with an unknown one, and with the instructor key', async () => {
    const { url, room } = server;
    expect((await api(`${url}/api/student`, 'GET')).status).toBe(401);
    expect((await api(`${url}/api/student`, 'GET', 's_unknown')).body).toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'unknown student token; join the room again',
    });
    expect((await api(`${url}/api/student`, 'GET', room.key)).status).toBe(403);
    const results = await api(`${url}/api/student/results`, 'POST', undefined, { lab: LAB, items: [] });
    expect(results.status).toBe(401);
  });

  it('accepts the credential as ?access_token= for EventSource, which cannot send headers', async () => {
    const { url, room } = server;
    const response = await fetch(`${url}/api/instructor/events?access_token=${encodeURIComponent(room.key)}`);
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });
});

describe('bad input', () => {
  const post = (route: string, credential: string | undefined, body: unknown) =>
    api(`${server.url}${route}`, 'POST', credential, body);

  it('rejects an oversized body with 413 before reading it as JSON', async () => {
    const response = await post('/api/join', undefined, { code: server.room.code, name: 'x'.repeat(20_000) });
    expect(response).toMatchObject({
      status: 413,
      body: { code: 'BODY_TOO_LARGE', message: 'request body is larger than 16384 bytes' },
    });
    const { token } = await join(server.url, server.room.code, 'Ada');
    const files = { 'main.ts': 'x'.repeat(90_000), 'a.ts': 'x'.repeat(90_000), 'b.ts': 'x'.repeat(90_000) };
    expect((await post('/api/student/shares', token, { lab: LAB, files })).status).toBe(413);
  });

  it('rejects malformed JSON, a wrong content type, and an empty body', async () => {
    const { url } = server;
    const broken = await api(`${url}/api/join`, 'POST', undefined, undefined, { rawBody: '{"code": "ABC' });
    expect(broken).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect(broken.body['message']).toMatch(/^body is not valid JSON/);
    const text = await api(`${url}/api/join`, 'POST', undefined, undefined, {
      rawBody: 'code=ABC',
      contentType: 'text/plain',
    });
    expect(text).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    const empty = await api(`${url}/api/join`, 'POST', undefined, undefined, { rawBody: '' });
    expect(empty.status).toBe(400);
  });

  it.each([
    ['a missing property', { code: 'ABCDEF' }, 'body lacks the property "name"'],
    [
      'an unknown property',
      { code: 'ABCDEF', name: 'Ada', admin: true },
      'body has an unknown property "admin"',
    ],
    ['a wrong type', { code: 'ABCDEF', name: 42 }, 'body.name must be string'],
    ['a short code', { code: 'ABC', name: 'Ada' }, 'body.code must NOT have fewer than 6 characters'],
  ])('names the field in a schema error: %s', async (_what, body, message) => {
    expect(await post('/api/join', undefined, body)).toMatchObject({
      status: 400,
      body: { statusCode: 400, code: 'BAD_REQUEST', message },
    });
  });

  it('trims names, limits their length, and keeps them unique in the room', async () => {
    const { url, room } = server;
    const blank = await post('/api/join', undefined, { code: room.code, name: ' \t ' });
    expect(blank.body).toMatchObject({ code: 'BAD_NAME', message: 'name must not be blank' });
    const long = await post('/api/join', undefined, { code: room.code, name: 'x'.repeat(41) });
    expect(long.body).toMatchObject({
      code: 'BAD_NAME',
      message: 'name must be at most 40 characters, got 41',
    });
    const control = await post('/api/join', undefined, { code: room.code, name: 'Ada\u0000' });
    expect(control.body).toMatchObject({ code: 'BAD_NAME' });
    const fits = await post('/api/join', undefined, { code: room.code, name: `  ${'字'.repeat(40)}  ` });
    expect(fits.status).toBe(201);
    await join(url, room.code, 'Ada Lovelace');
    const taken = await post('/api/join', undefined, { code: room.code, name: ' ada   LOVELACE' });
    expect(taken).toMatchObject({ status: 409, body: { code: 'NAME_TAKEN' } });
  });

  it('refuses a room code no room has', async () => {
    const response = await post('/api/join', undefined, { code: 'ZZZZZZ', name: 'Ada' });
    expect(response).toMatchObject({
      status: 404,
      body: { code: 'NO_ROOM', message: 'no room has the code "ZZZZZZ"' },
    });
  });

  it('refuses a lab that labs/ does not hold, naming it, on results, shares and releases', async () => {
    const { token } = await join(server.url, server.room.code, 'Ada');
    const message = /^unknown lab "goroutines\/no-such-lab": no labs\/goroutines\/no-such-lab\/lab.json/;
    for (const [route, credential, body] of [
      ['/api/student/results', token, { lab: 'goroutines/no-such-lab', items: [] }],
      ['/api/student/shares', token, { lab: 'goroutines/no-such-lab', files: { 'main.ts': '' } }],
      ['/api/instructor/releases', server.room.key, { kind: 'solution', lab: 'goroutines/no-such-lab' }],
    ] as const) {
      const response = await post(route, credential, body);
      expect(response).toMatchObject({ status: 400, body: { code: 'UNKNOWN_LAB' } });
      expect(response.body['message']).toMatch(message);
    }
    const dotted = await post('/api/student/results', token, { lab: '../../etc', items: [] });
    expect(dotted.body['message']).toBe('body.lab must match pattern "^[a-z0-9-]+/[a-z0-9-]+$"');
  });

  it('bounds check reports: item count, item names, and types', async () => {
    const { token } = await join(server.url, server.room.code, 'Ada');
    const many = Array.from({ length: 51 }, (_, i) => item(`item ${i}`, true));
    expect((await post('/api/student/results', token, { lab: LAB, items: many })).body['message']).toBe(
      'body.items must NOT have more than 50 items',
    );
    const longName = await post('/api/student/results', token, {
      lab: LAB,
      items: [item('x'.repeat(201), true)],
    });
    expect(longName.body['message']).toBe('body.items[0].name.en must NOT have more than 200 characters');
    const stringy = await post('/api/student/results', token, {
      lab: LAB,
      items: [{ name: { en: 'a', 'zh-cn': 'b' }, pass: 'true' }],
    });
    expect(stringy.body['message']).toBe('body.items[0].pass must be boolean');
    const noChinese = await post('/api/student/results', token, {
      lab: LAB,
      items: [{ name: { en: 'a' }, pass: true }],
    });
    expect(noChinese.body['message']).toBe('body.items[0].name lacks the property "zh-cn"');
    // an empty report is accepted and, as labcheck says, fails
    const empty = await post('/api/student/results', token, { lab: LAB, items: [] });
    expect(empty.body['result']).toMatchObject({ passed: false, totalItems: 0 });
  });

  it('refuses shared file names outside the lab (.., absolute, not .ts)', async () => {
    const { token } = await join(server.url, server.room.code, 'Ada');
    for (const name of ['../main.ts', '/etc/passwd.ts', 'main.js', 'a/./b.ts']) {
      const response = await post('/api/student/shares', token, { lab: LAB, files: { [name]: '' } });
      expect(response.status, name).toBe(400);
    }
  });

  it('answers an unknown API route with JSON 404', async () => {
    const response = await api(`${server.url}/api/nope`, 'GET');
    expect(response).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND', message: 'no route GET /api/nope' },
    });
  });
});

describe('rate limits', () => {
  let t = 0;
  const now = () => t;

  beforeEach(async () => {
    await server.close();
    t = 1_000_000;
    server = await startClassroom(path.join(temp.dir, 'limited.db'), {
      now,
      limits: {
        joinPerIp: { capacity: 2, refillMs: 10_000 },
        resultPerStudent: { capacity: 3, refillMs: 2_000 },
        writePerIp: { capacity: 5, refillMs: 1_000 },
        streamsPerStudent: 2,
      },
    });
  });

  it('limits joins per IP, says when to retry, and lets the bucket refill', async () => {
    const { url, room } = server;
    await join(url, room.code, 'A');
    await join(url, room.code, 'B');
    const refused = await api(`${url}/api/join`, 'POST', undefined, { code: room.code, name: 'C' });
    expect(refused).toMatchObject({
      status: 429,
      body: { code: 'RATE_LIMITED', message: 'too many joins from 127.0.0.1; try again in 10 s' },
    });
    expect(refused.headers.get('retry-after')).toBe('10');
    t += 10_000;
    expect((await api(`${url}/api/join`, 'POST', undefined, { code: room.code, name: 'C' })).status).toBe(
      201,
    );
  });

  it('limits check results per student, and per IP behind that', async () => {
    const { url, room } = server;
    const a = await join(url, room.code, 'A');
    const b = await join(url, room.code, 'B');
    const submit = (token: string) =>
      api(`${url}/api/student/results`, 'POST', token, { lab: LAB, items: [] });
    for (let i = 0; i < 3; i++) expect((await submit(a.token)).status).toBe(201);
    const refused = await submit(a.token);
    expect(refused).toMatchObject({
      status: 429,
      body: { message: 'too many check results; try again in 2 s' },
    });
    // another student is not held back by A's limit ...
    expect((await submit(b.token)).status).toBe(201);
    // ... but the IP's own bucket (5, of which 5 are now taken) is
    expect((await submit(b.token)).body['message']).toBe(
      'too many submissions from 127.0.0.1; try again in 1 s',
    );
    t += 2_000;
    expect((await submit(a.token)).status).toBe(201);
    const view = await api(`${url}/api/student`, 'GET', a.token);
    expect((view.body as unknown as StudentView).results[0]?.attempts).toBe(4);
  });

  it('limits how many event streams one student holds open', async () => {
    const { url, room } = server;
    const a = await join(url, room.code, 'A');
    await open(`${url}/api/student/events`, a.token);
    const second = await open(`${url}/api/student/events`, a.token);
    await second.waitFor((e) => e.event === 'snapshot');
    const third = await api(`${url}/api/student/events`, 'GET', a.token);
    expect(third).toMatchObject({ status: 429, body: { code: 'TOO_MANY_STREAMS' } });
  });
});
