/**
 * Minimal declaration of autocannon 9 (it ships no types): only the options and result fields
 * bench/mesh/run.ts uses, from its README.
 */
declare module 'autocannon' {
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    overallRate?: number;
    headers?: Record<string, string>;
    ignoreCoordinatedOmission?: boolean;
  }
  interface Stats {
    average: number;
    p50: number;
    p90: number;
    p99: number;
  }
  interface Result {
    requests: Stats & { total: number };
    latency: Stats;
    errors: number;
    non2xx: number;
    duration: number;
  }
  /** A running benchmark: awaitable, and emits `response` with the exact (float) latency in ms. */
  interface Instance extends PromiseLike<Result> {
    on(
      event: 'response',
      listener: (client: unknown, statusCode: number, resBytes: number, responseTimeMs: number) => void,
    ): this;
  }
  function autocannon(options: Options): Instance;
  export default autocannon;
}
