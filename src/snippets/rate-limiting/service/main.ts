import { main } from 'gort';
import { get, serve, text } from 'gomesh';
import { rateLimit } from 'gomesh/sidecar';

main(async () => {
  const hello = () => text(200, 'hello\n');
  // One request every 2 seconds, and a burst of 3.
  const limit = rateLimit({
    ratePerSec: 0.5,
    burst: 3,
    service: 'api',
  });
  const srv = await serve(
    'api',
    limit(hello),
  );

  for (let i = 0; i < 5; i++) {
    const res = await get(`${srv.url}/`);
    const body = await res.text();
    if (res.status === 429) {
      console.log(
        res.status,
        'Retry-After:',
        res.header('retry-after'),
      );
    } else {
      console.log(res.status, body.trim());
    }
  }
  await srv.close();
});
