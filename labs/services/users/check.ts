/**
 * Check for services/users: start the learner's program, wait for the `users` service to listen,
 * and call it over the lab's transport (real HTTP in Node and the WebContainer, the in-memory
 * network in the worker) the way a client would.
 *
 * Bodies are read as text and parsed here, so a body that is not JSON (the article's
 * `fmt.Fprint` bug) fails its item with what was received instead of throwing out of the check.
 */
import { defineCheck, type CheckResponse } from 'labcheck';

const users = [
  { id: 1, name: 'Ada' },
  { id: 2, name: 'Grace' },
  { id: 3, name: 'Ken' },
];

interface Answer {
  readonly status: number;
  readonly json: boolean;
  readonly body: unknown;
  readonly text: string;
}

async function read(res: CheckResponse): Promise<Answer> {
  const text = await res.text();
  const isJson = (
    res.headers['content-type'] ?? ''
  ).startsWith('application/json');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, json: isJson, body, text };
}

export default defineCheck(async (t) => {
  await t.start({ service: 'users' });

  const list = await read(await t.fetch('/users'));
  t.equal('GET /users answers 200', list.status, 200);
  t.equal(
    'GET /users lists every user as JSON',
    list.body,
    users,
  );

  for (const user of users.slice(1)) {
    const path = `/users/${user.id}`;
    const got = await read(await t.fetch(path));
    if (
      !t.equal(
        `GET ${path} answers 200`,
        got.status,
        200,
        got.text.trim(),
      )
    )
      continue;
    t.expect(
      `GET ${path} says Content-Type: application/json`,
      got.json,
      'answer with json(200, user), not text',
    );
    t.equal(
      `GET ${path} is ${user.name} as JSON`,
      got.body,
      user,
    );
  }

  const missing = await read(await t.fetch('/users/42'));
  t.equal(
    'GET /users/42 (no such user) answers 404',
    missing.status,
    404,
  );
  t.equal(
    'the 404 says {"error":"user not found"} as JSON',
    missing.json ? missing.body : missing.text,
    { error: 'user not found' },
  );

  const invalid = await read(await t.fetch('/users/abc'));
  t.equal(
    'GET /users/abc (not a number) answers 400',
    invalid.status,
    400,
  );
  t.equal(
    'the 400 says {"error":"invalid user id"} as JSON',
    invalid.json ? invalid.body : invalid.text,
    { error: 'invalid user id' },
  );
});
