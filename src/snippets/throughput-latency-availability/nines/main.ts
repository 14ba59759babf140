import { main } from 'gort';
import * as time from 'gort/time';

// Availabilities in parts per million (ppm), so
// that every number below is exact.
const million = 1_000_000;
const month = 30 * 24 * time.Hour;
const year = 365 * 24 * time.Hour;
const percent = (ppm: number) =>
  `${ppm / 10_000}%`;

main(() => {
  console.log(
    'availability  down a month   down a year  failed in 1M',
  );
  for (const ppm of [
    900_000, 990_000, 995_000, 999_000,
    999_500, 999_900, 999_990,
  ]) {
    const down = million - ppm;
    console.log(
      percent(ppm).padEnd(12) +
        time
          .formatDuration(
            (month / million) * down,
          )
          .padStart(14) +
        time
          .formatDuration(
            (year / million) * down,
          )
          .padStart(14) +
        String(down).padStart(14),
    );
  }

  // An SLO of 99.9% leaves 0.1% to fail: the
  // error budget. Burning it faster than that
  // empties it before the month is out.
  const slo = 999_000;
  const budget = million - slo;
  console.log();
  console.log(
    `SLO ${percent(slo)} over 30 days: error budget ` +
      `${time.formatDuration((month / million) * budget)}, ` +
      `or ${budget} failed requests in a million`,
  );
  console.log(
    'errors  burn rate  budget gone after',
  );
  for (const errors of [
    1000, 5000, 14_400, 50_000,
  ]) {
    console.log(
      percent(errors).padStart(6) +
        String(errors / budget).padStart(
          11,
        ) +
        time
          .formatDuration(
            (month * budget) / errors,
          )
          .padStart(19),
    );
  }
});
