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
//   200 and the user, as JSON, when a user has that id;
//   404 and { error: 'user not found' } when none has;
//   400 and { error: 'invalid user id' } when the id is
//   not a whole number.

main(async () => {
  await listenAndServe(':8080', r, { name: 'users' });
});
