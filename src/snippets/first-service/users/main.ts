import { main } from 'gort';
import {
  Router,
  json,
  listenAndServe,
} from 'gomesh';

interface User {
  id: number;
  name: string;
}

const users: User[] = [
  { id: 1, name: 'Ada' },
  { id: 2, name: 'Grace' },
  { id: 3, name: 'Ken' },
];

const r = new Router();

r.get('/users', () => json(200, users));

r.get('/users/{id}', (req) => {
  // strconv.Atoi accepts sign + digits
  const raw = req.param('id');
  if (!/^[+-]?\d+$/.test(raw)) {
    return json(400, {
      error: 'invalid user id',
    });
  }
  const id = Number(raw);
  const user = users.find(
    (u) => u.id === id,
  );
  if (user === undefined) {
    return json(404, {
      error: 'user not found',
    });
  }
  return json(200, user);
});

main(async () => {
  await listenAndServe(':8080', r, {
    name: 'users',
  });
});
