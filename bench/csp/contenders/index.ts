/**
 * The contenders of the CSP bench, by id, in table order. Each is loaded only in the child process
 * that measures it, so no contender's module (or the runtime's globals) is present while another
 * is measured.
 */
import type { Contender } from '../workloads.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- each contender has its own channel type */
export const contenderLoaders: Record<string, () => Promise<Contender<any>>> = {
  gort: async () => (await import('./gort.ts')).gort,
  'gort-lab': async () => (await import('./gort-lab.ts')).gortLab,
  'promise-channel': async () => (await import('./promise-channel.ts')).promiseChannel,
  'js-csp': async () => (await import('./js-csp.ts')).jsCsp,
  'ts-chan': async () => (await import('./ts-chan.ts')).tsChan,
  'thing-csp': async () => (await import('./thing-csp.ts')).thingCsp,
  medium: async () => (await import('./medium.ts')).mediumContender,
};
/* eslint-enable @typescript-eslint/no-explicit-any */

export const contenderIds = Object.keys(contenderLoaders);
