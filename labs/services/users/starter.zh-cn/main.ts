import { main } from 'gort';
import { Router, json, listenAndServe } from 'gomesh';

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

// TODO: GET /users/{id}
//   有该 id 的用户时：200，并以 JSON 返回该用户；
//   没有时：404 和 { error: 'user not found' }；
//   id 不是整数时：400 和
//   { error: 'invalid user id' }。

main(async () => {
  await listenAndServe(':8080', r, { name: 'users' });
});
