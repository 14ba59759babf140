/**
 * The shape of test-results/lab-measurements.json: written by bench/site/lab-measure.spec.ts,
 * read and printed by bench/site/run.ts. One type for both, so the report cannot drift from what
 * was measured.
 */

export const MEASUREMENTS_FILE = 'test-results/lab-measurements.json';
export const TIMELINE_FILE = 'test-results/timeline-measurements.json';
export const EDITOR_FILE = 'test-results/editor-measurements.json';

/** A device profile for the editor measurements (bench/site/editor-measure.spec.ts). */
export interface EditorProfile {
  name: string;
  /** Chromium's CPU throttling rate (1: none; Lighthouse's mobile profile: 4). */
  cpuSlowdown: number;
  /** Lighthouse's slow 4G: 150 ms RTT, 1.6 Mbps down. */
  slow4g: boolean;
}

/** Key press to what the learner sees (ms): the first error (cold), the next one, a completion list. */
export interface EditorTimes {
  profile: EditorProfile;
  firstErrorMs: number;
  /** The first error typed a second after the click in the editor (a fresh page). */
  firstErrorAfterPauseMs: number;
  nextErrorMs: number;
  completionMs: number;
}

/** A scrub: slider moves (one per animation frame), the frames per second kept, the slowest frame (ms). */
export interface Scrub {
  moves: number;
  fps: number;
  slowestFrameMs: number;
}

/** The Timeline on one long run (bench/site/timeline-measure.spec.ts). */
export interface TimelineSize {
  rounds: number;
  /** Trace events the Timeline got, and how many the run had (more: the host cut the trace). */
  events: number;
  total: number;
  steps: number;
  /** Run to the run's trace in the lab; from there to the Timeline tab showing its first step; the longest task from Run on (ms). */
  runMs: number;
  doneToTimelineMs: number;
  longestTaskMs: number;
  scrub: Scrub;
  scrubWithChannels: Scrub;
}

/** Bytes fetched (as served, and gzipped as a static host would send them) and how many files. */
export interface Traffic {
  js: number;
  all: number;
  jsGzip: number;
  allGzip: number;
  files: number;
}

/** A page's HTML document as served (raw), gzipped, and how many inline `style` attributes it holds. */
export interface HtmlWeight {
  raw: number;
  gzip: number;
  styleAttributes: number;
}

export interface Measurements {
  /**
   * `labPageAsDocs`: the lab page with the lab's machinery taken out (docs-twin.ts), the docs page of
   * the same text length that issue 23's ratio is against.
   */
  readonly pages: {
    home: Traffic;
    docsPage: Traffic;
    labPageBeforeInteraction: Traffic;
    labPageAsDocs: Traffic;
  };
  /** Characters of visible text in each page's main column. */
  readonly text: { docsPage: number; labPage: number; labAsDocs: number };
  /** The HTML documents alone of the docs page and the lab page (mostly Expressive Code's markup). */
  readonly html: { docsPage: HtmlWeight; labPage: HtmlWeight };
  /** Fetched from pressing Start lab until the runner is chosen. */
  readonly labStart: Traffic;
  /** Fetched by the first Run, and its time from Run to the first output (ms). */
  readonly firstRun: Traffic & { runToFirstOutputMs: number };
  /** Start lab to the runner chosen (ms), with the WebContainer blocked. */
  readonly startToRunnerReadyMs: number;
  /** A first Run pressed as soon as the editor is there, WebContainer blocked: Run and Start lab to its first output (ms). */
  readonly runAtEditorReady: { runToFirstOutputMs: number; startToFirstOutputMs: number };
  /** Start lab to visible feedback, and to an editor the learner can type in (ms), WebContainer blocked. */
  readonly startToFeedbackMs: number;
  readonly startToEditorMs: number;
  /** Stop pressed on a runaway loop to the status line saying "Stopped." (ms), each try and the median. */
  readonly stopMs: { runs: number[]; median: number };
  /** Run to first output on a warm page (ms), each run and the median. */
  readonly runToFirstOutputMs: { runs: number[]; median: number };
}
