/**
 * Part of `npm run bench -- site` (bench/site/run.ts), not of `npm test`: how the Timeline copes
 * with long runs (issue #13: 10,000 events scrub at 60 fps, 100,000 render without freezing the
 * page). A ping-pong of N rounds on the ping-pong lesson's lab, WebContainer blocked; for each size:
 * the events the trace holds, the run's time (Run to its trace in the lab), the time from there to the
 * Timeline tab showing its first step, the longest task from Run on, and a scrub — one slider move per animation frame, as a dragged slider sends
 * them — with the frames per second it kept and its slowest frame, with "Channels at this step" closed
 * and open. Written to test-results/timeline-measurements.json; only structural facts are asserted.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { LESSONS, replaceCode, startLab, status } from '../../tests/e2e/lab-helpers.ts';
import { blockWebContainer } from '../../tests/e2e/webcontainer-fate.ts';
import { TIMELINE_FILE, type Scrub, type TimelineSize } from './measurements.ts';

const program = (rounds: number) => `import { main, go, chan } from 'gort';

main(async () => {
  const ping = chan<number>();
  const pong = chan<number>();
  go(async () => {
    for (let i = 0; i < ${rounds}; i++) await pong.send((await ping.recv()) + 1);
  });
  let ball = 0;
  for (let i = 0; i < ${rounds}; i++) {
    await ping.send(ball);
    ball = await pong.recv();
  }
  console.log('ball', ball);
});
`;

/** Moves the slider once per animation frame for `frames` frames; frames per second and the slowest frame. */
function scrub(page: Page, frames: number): Promise<Scrub> {
  return page.evaluate(async (n) => {
    const slider = document.querySelector<HTMLInputElement>('[data-gcl-timeline-slider]')!;
    const max = Number(slider.max);
    const times: number[] = [];
    await new Promise<void>((done) => {
      let i = 0;
      let last = performance.now();
      const frame = (now: number) => {
        times.push(now - last);
        last = now;
        // A drag across the run: evenly spaced positions, so each move redraws a new window.
        slider.value = String(Math.round(((i * 7919) % n) * (max / n)));
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        if (++i < n) requestAnimationFrame(frame);
        else done();
      };
      requestAnimationFrame((now) => {
        last = now;
        requestAnimationFrame(frame);
      });
    });
    const total = times.reduce((a, b) => a + b, 0);
    return {
      moves: n,
      fps: Math.round((times.length / total) * 1000 * 10) / 10,
      slowestFrameMs: Math.round(Math.max(...times)),
    };
  }, frames);
}

async function measureSize(page: Page, lab: Locator, rounds: number): Promise<TimelineSize> {
  await replaceCode(page, lab, program(rounds));
  // Long tasks from Run until the Timeline shows the run: its model is built when the run's state
  // arrives, on the page's thread; the program itself runs in the sandbox's worker.
  await lab.evaluate((el) => {
    type Store = {
      getState(): { trace: unknown; phase: string };
      subscribe(f: (s: { trace: unknown; phase: string }) => void): () => void;
    };
    const w = window as unknown as {
      gclLongTasks: number[];
      gclObserver?: PerformanceObserver;
      gclDone: boolean;
    };
    w.gclObserver?.disconnect();
    const tasks: number[] = [];
    w.gclLongTasks = tasks;
    w.gclObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push(e.duration);
    });
    w.gclObserver.observe({ type: 'longtask' });
    // Done when this run's trace is in the state (a status text could still be the last run's).
    const store = (el as HTMLElement & { gclLab?: { store: Store } }).gclLab!.store;
    const before = store.getState().trace;
    w.gclDone = false;
    const off = store.subscribe((state) => {
      if (state.phase === 'idle' && state.trace !== null && state.trace !== before) {
        w.gclDone = true;
        off();
      }
    });
    performance.mark('gcl:bench-run');
  });
  await lab.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction(() => (window as unknown as { gclDone: boolean }).gclDone, null, {
    timeout: 300_000,
  });
  await expect(status(lab)).toContainText('exit status 0');
  await page.evaluate(() => performance.mark('gcl:bench-done'));
  await lab.getByRole('tab', { name: 'Timeline' }).click();
  const sentence = lab.locator('[data-gcl-timeline-sentence]');
  await expect(sentence).toBeVisible();
  await expect(sentence).toContainText('main starts goroutine 2');
  const shown = await page.evaluate(() => {
    const w = window as unknown as { gclLongTasks: number[] };
    const run = performance.getEntriesByName('gcl:bench-run').at(-1);
    const done = performance.getEntriesByName('gcl:bench-done').at(-1);
    const el = document.querySelector('[data-gcl-lab]') as HTMLElement & {
      gclLab?: { store: { getState(): { trace: { message: { rows: unknown[]; total: number } } | null } } };
    };
    const trace = el.gclLab?.store.getState().trace;
    return {
      events: trace?.message.rows.length ?? 0,
      total: trace?.message.total ?? 0,
      steps: Number(document.querySelector<HTMLInputElement>('[data-gcl-timeline-slider]')?.max ?? 0) + 1,
      runMs: Math.round((done?.startTime ?? 0) - (run?.startTime ?? 0)),
      doneToTimelineMs: Math.round(performance.now() - (done?.startTime ?? 0)),
      longestTaskMs: Math.round(Math.max(0, ...w.gclLongTasks)),
    };
  });
  const closed = await scrub(page, 240);
  await lab.getByText('Channels at this step', { exact: true }).click();
  const open = await scrub(page, 240);
  await lab.getByText('Channels at this step', { exact: true }).click();
  return { rounds, ...shown, scrub: closed, scrubWithChannels: open };
}

test('measure the Timeline on long runs', async ({ page }) => {
  test.setTimeout(900_000); // a safety net: two long runs and four scrubs on a possibly busy machine
  await page.setViewportSize({ width: 1280, height: 1000 });
  await blockWebContainer(page);
  await page.goto(LESSONS.channels.path);
  const lab = await startLab(page, LESSONS.channels.lab);
  // Open the Timeline once on a short run, so its code is loaded before anything is timed.
  await replaceCode(page, lab, program(3));
  await lab.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(status(lab)).toContainText('exit status 0', { timeout: 60_000 });
  await lab.getByRole('tab', { name: 'Timeline' }).click();
  await expect(lab.locator('[data-gcl-timeline-sentence]')).toContainText('main starts goroutine 2');

  const sizes: TimelineSize[] = [];
  // Sizes in rounds: 8 events a round, so 10,005 events and 100,005 (the trace keeps 100,000).
  for (const rounds of [1_250, 12_500]) sizes.push(await measureSize(page, lab, rounds));
  console.log(JSON.stringify(sizes, null, 2));
  await mkdir('test-results', { recursive: true });
  await writeFile(TIMELINE_FILE, JSON.stringify(sizes, null, 2));
  expect(sizes.every((s) => s.events > 0 && s.scrub.moves > 0)).toBe(true);
});
