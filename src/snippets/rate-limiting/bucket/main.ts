import { main } from 'gort';
import * as time from 'gort/time';
import { TokenBucket } from 'gomesh/sidecar';

main(async () => {
  // r = 10/s, b = 5; it starts full
  const bucket = new TokenBucket({
    ratePerSec: 10,
    burst: 5,
  });
  const start = time.now();
  let sent = 0;
  let admitted = 0;
  console.log(
    'time   sent  admitted  b + r·t',
  );
  for (let i = 0; i < 11; i++) {
    const n = i === 0 ? 8 : 1; // the burst
    for (let k = 0; k < n; k++) {
      sent++;
      // takes a token if there is one
      if (bucket.take()) admitted++;
    }
    const t = time.since(start);
    console.log(
      time.formatDuration(t).padEnd(6),
      String(sent).padStart(4),
      String(admitted).padStart(9),
      (5 + (10 * t) / 1000)
        .toFixed(1)
        .padStart(8),
    );
    await time.sleep(50 * time.Millisecond);
  }
});
