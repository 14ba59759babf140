import { main, recv, select } from 'gort';
import * as time from 'gort/time';

main(async () => {
  const start = time.now();
  const t = time.newTimer(
    50 * time.Millisecond,
  );
  console.log(
    'len',
    t.c.len,
    'cap',
    t.c.cap,
  );

  await time.sleep(100 * time.Millisecond); // t is due; nobody received
  console.log('Stop:', t.stop());
  const r = await select({
    stale: recv(t.c),
    default: true,
  });
  if (r.case === 'stale') {
    console.log('a stale value');
  } else {
    console.log('no stale value');
  }

  t.reset(50 * time.Millisecond);
  await t.c.recv();
  console.log(
    'fired at',
    time.formatDuration(time.since(start)),
  );
});
