/**
 * Check for services/users: start the learner's program, wait for the `users` service to listen,
 * and call it over the lab's transport (real HTTP in Node and the WebContainer, the in-memory
 * network in the worker) the way a client would.
 *
 * Bodies are read as text and parsed here, so a body that is not JSON (the article's
 * `fmt.Fprint` bug) fails its item with what was received instead of throwing out of the check.
 */
import {
  defineCheck,
  verbatim,
  type CheckResponse,
} from 'labcheck';

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
  t.equal(
    {
      en: 'GET /users answers 200',
      'zh-cn': 'GET /users 返回 200',
    },
    list.status,
    200,
  );
  t.equal(
    {
      en: 'GET /users lists every user as JSON',
      'zh-cn': 'GET /users 以 JSON 列出所有用户',
    },
    list.body,
    users,
  );

  for (const user of users.slice(1)) {
    const path = `/users/${user.id}`;
    const got = await read(await t.fetch(path));
    if (
      !t.equal(
        {
          en: `GET ${path} answers 200`,
          'zh-cn': `GET ${path} 返回 200`,
        },
        got.status,
        200,
        verbatim(got.text.trim()),
      )
    )
      continue;
    t.expect(
      {
        en: `GET ${path} says Content-Type: application/json`,
        'zh-cn': `GET ${path} 的 Content-Type 是 application/json`,
      },
      got.json,
      {
        en: 'answer with json(200, user), not text',
        'zh-cn': '请用 json(200, user) 回答，而不是 text',
      },
    );
    t.equal(
      {
        en: `GET ${path} is ${user.name} as JSON`,
        'zh-cn': `GET ${path} 以 JSON 返回 ${user.name}`,
      },
      got.body,
      user,
    );
  }

  const missing = await read(await t.fetch('/users/42'));
  t.equal(
    {
      en: 'GET /users/42 (no such user) answers 404',
      'zh-cn': 'GET /users/42（没有这个用户）返回 404',
    },
    missing.status,
    404,
  );
  t.equal(
    {
      en: 'the 404 says {"error":"user not found"} as JSON',
      'zh-cn':
        '404 的内容是 JSON {"error":"user not found"}',
    },
    missing.json ? missing.body : missing.text,
    { error: 'user not found' },
  );

  const invalid = await read(await t.fetch('/users/abc'));
  t.equal(
    {
      en: 'GET /users/abc (not a number) answers 400',
      'zh-cn': 'GET /users/abc（不是数字）返回 400',
    },
    invalid.status,
    400,
  );
  t.equal(
    {
      en: 'the 400 says {"error":"invalid user id"} as JSON',
      'zh-cn':
        '400 的内容是 JSON {"error":"invalid user id"}',
    },
    invalid.json ? invalid.body : invalid.text,
    { error: 'invalid user id' },
  );
});
