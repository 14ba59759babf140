import { main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';
import {
  closeAll,
  get,
  json,
  serve,
} from 'gomesh';
import { startSidecar } from 'gomesh/sidecar';

// A service that works `ms` before it answers,
// behind a sidecar that delays every request by
// 2ms: the time to send it and get the answer.
async function service(
  name: string,
  ms: number,
) {
  const s = await serve(name, async () => {
    await time.sleep(ms * time.Millisecond);
    return json(200, { service: name });
  });
  const sidecar = await startSidecar({
    service: name,
    upstream: { endpoints: [s.url] },
    fault: {
      delay: { percent: 100, ms: 2 },
    },
  });
  return sidecar.url;
}

main(async () => {
  const urls = [
    await service('users', 20),
    await service('catalog', 30),
    await service('prices', 10),
  ];

  // One after another: the latencies add up.
  let start = time.now();
  for (const url of urls) await get(url);
  console.log(
    'in sequence:',
    time.formatDuration(time.since(start)),
  );

  // All at once: done when the slowest answers.
  start = time.now();
  const wg = new WaitGroup();
  for (const url of urls) {
    wg.go(async () => {
      await get(url);
    });
  }
  await wg.wait();
  console.log(
    'in parallel:',
    time.formatDuration(time.since(start)),
  );
  await closeAll();
});
