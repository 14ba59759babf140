/**
 * Contender: gort configured as the lab host configures it for a learner's run (src/lab/host):
 * call sites recorded and mapped (`callSites`, `mapLocation`) and every trace event kept for the
 * Timeline (`trace`, up to the host's TRACE_EVENT_LIMIT). The same code as the `gort` contender
 * otherwise, so the ratio between the two rows is what a lab pays for naming the learner's lines
 * and recording the run. Every frame of the bundled sample maps (the runtime is bundled with it),
 * so the first frame of a stack is the one found: this measures capturing the stacks and keeping
 * the events, not walking past the runtime's frames to a learner's (a few call-site reads more).
 */
import { configure, main, type TraceEvent } from 'gort';
import { TRACE_EVENT_LIMIT } from '../../../src/lab/protocol.ts';
import type { Contender } from '../workloads.ts';
import { gort } from './gort.ts';

/** The folder of the bundled sample: every file in it counts as the learner's. */
const sample = new URL('.', import.meta.url).href;

export const gortLab: Contender<Parameters<typeof gort.close>[0]> = {
  ...gort,
  name: 'gort (as a lab runs it)',
  run: (body) =>
    new Promise((resolve, reject) => {
      let result: Awaited<ReturnType<typeof body>>;
      const events: TraceEvent[] = [];
      configure({
        clock: 'real',
        write: (_fd, text) => void process.stderr.write(text),
        exit: (code) =>
          code === 0 ? resolve(result) : reject(new Error(`gort program exited with ${code}`)),
        callSites: true,
        mapLocation: (url, line, column) =>
          url.startsWith(sample) ? { file: 'main.ts', line, column } : null,
        trace: (e) => {
          if (events.length < TRACE_EVENT_LIMIT) events.push(e);
        },
      });
      main(async () => {
        result = await body();
      });
    }),
  notes: [
    'as the lab host runs a program: call sites recorded and mapped, every trace event kept (up to its limit)',
  ],
};
