/**
 * The build-time recording behind a lesson's Timeline replay (src/lab/record-run.ts): a snippet runs
 * as a lab's Run does and yields the lab Timeline's input; the same source gives the same bytes; a
 * run that cannot be replayed fails with a code instead of shipping an empty replay.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordRun, RecordRunError } from '../../src/lab/record-run.ts';
import { timelineModel } from '../../src/lab/ui/timeline-model.ts';
import { snippetsDir } from '../lessons/lessons.ts';
import { useBuiltPackages } from './helpers.ts';

const built = useBuiltPackages();
const read = (rel: string) => readFileSync(path.join(snippetsDir, rel), 'utf8');

describe('recordRun', () => {
  it('records ping-pong with its trace, its file and a normal end, byte for byte the same twice', async () => {
    const source = read('unbuffered-channels/ping-pong/main.ts');
    const options = { name: 'ping-pong', packages: built.current };
    const first = await recordRun(source, options);
    expect(first.files).toEqual({ 'main.ts': source });
    expect(first.end).toEqual({ code: 0, deadlock: false });
    expect(first.trace.rows.length).toBe(first.trace.total);
    // The virtual clock makes the recording reproducible: a page rebuilt is the same page.
    expect(JSON.stringify(await recordRun(source, options))).toBe(JSON.stringify(first));
    const steps = timelineModel(first.trace, first.files, first.end).steps;
    expect(steps.filter((s) => s.kind === 'handoff')).toHaveLength(6);
    expect(steps.at(-1)?.kind).toBe('end');
  });

  // A recording that ignored the `stuck` message ended the deadlock's replay with "exits with status 2".
  it("records the deadlock as a deadlock, so its replay ends on Go's deadlock step at the stuck send", async () => {
    const recording = await recordRun(read('unbuffered-channels/deadlock/main.ts'), {
      name: 'deadlock',
      packages: built.current,
    });
    expect(recording.end).toEqual({ code: 2, deadlock: true });
    const steps = timelineModel(recording.trace, recording.files, recording.end).steps;
    expect(steps.at(-1)?.text).toEqual({ key: 'timeline.end.deadlock' });
    expect(steps.find((s) => s.kind === 'park')?.at).toMatchObject({ file: 'main.ts', line: 15 });
  });

  it('fails naming the snippet when the program never ends by itself (here: the output cap ends it)', async () => {
    const forever = [
      "import { main } from 'gort';",
      "import * as time from 'gort/time';",
      "main(async () => { for (;;) { console.log('x'.repeat(4096)); await time.sleep(1); } });",
    ].join('\n');
    const error = await recordRun(forever, { name: 'spin.ts', packages: built.current }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RecordRunError);
    const { code, message } = error as RecordRunError;
    expect(code).toBe('not-ended');
    expect(message).toMatch(/^spin\.ts: .*\(output-limit, exit status 130\)/);
    // The output is cut to its end, so a runaway program cannot flood the build log.
    expect(message.length).toBeLessThan(3000);
  });
});

describe('recordRun with a schedule', () => {
  // The run-queue model (src/components/run-queue-record.ts) records runs under explored schedules.
  it('records the run under that explored schedule instead of the FIFO order', async () => {
    const source = read('scheduler/run-next/main.ts');
    const exits = async (schedule?: string) => {
      const recording = await recordRun(source, {
        name: 'run-next',
        packages: built.current,
        ...(schedule === undefined ? {} : { schedule }),
      });
      return timelineModel(recording.trace, recording.files, recording.end)
        .steps.filter((s) => s.kind === 'exit')
        .map((s) => s.g);
    };
    expect(await exits()).toEqual([2, 3, 4, 1]);
    // rw-1 runs B first (explore.ts draws it; the same token gives the same order every time).
    expect(await exits('rw-1')).toEqual([3, 4, 2, 1]);
    expect(await exits('rw-1')).toEqual([3, 4, 2, 1]);
  });
});
