/**
 * The curl transcripts the service pages show (`users/main.go.out`): each request as the command a
 * learner types, then what curl prints. Recorded from the real Go service and replayed against it
 * (tests/lessons/go-programs.test.ts) and against the TypeScript twin (snippets.test.ts).
 *
 * A transcript is a sequence of `$ curl -s [-w 'HTTP %{http_code}\n'] localhost:8080<path>` lines,
 * each followed by the body and, with `-w`, the `HTTP <status>` line. A body that does not end in a
 * newline is followed by one, where a terminal would print the next prompt.
 */

export interface CurlCall {
  /** The command as typed, without the `$ ` prompt. */
  readonly command: string;
  /** The request path, e.g. `/users/2`. */
  readonly path: string;
  /** Whether the command prints the status after the body (`-w 'HTTP %{http_code}\n'`). */
  readonly writesStatus: boolean;
  /** What curl printed for it in the transcript. */
  readonly printed: string;
}

export interface CurlAnswer {
  readonly status: number;
  readonly body: string;
}

const commandLine = /^\$ (curl -s (?:-w 'HTTP %\{http_code\}\\n' )?localhost:8080(\/\S*))$/;

/** The calls of a transcript, in order; throws on a line before the first command. */
export function parseCurlTranscript(text: string): CurlCall[] {
  const calls: { command: string; path: string; printed: string[] }[] = [];
  for (const line of text.replace(/\n$/, '').split('\n')) {
    const match = commandLine.exec(line);
    if (match !== null) {
      calls.push({ command: match[1] ?? '', path: match[2] ?? '', printed: [] });
    } else if (calls.length === 0) {
      throw new Error(
        `a curl transcript starts with a "$ curl -s ... localhost:8080/path" line, got "${line}"`,
      );
    } else {
      calls.at(-1)?.printed.push(line);
    }
  }
  return calls.map((c) => ({
    command: c.command,
    path: c.path,
    writesStatus: c.command.includes('-w '),
    printed: c.printed.map((l) => `${l}\n`).join(''),
  }));
}

/** What curl prints for `call` given `answer`, in the transcript's layout. */
function printedFor(call: CurlCall, answer: CurlAnswer): string {
  const body = answer.body === '' || answer.body.endsWith('\n') ? answer.body : `${answer.body}\n`;
  return body + (call.writesStatus ? `HTTP ${answer.status}\n` : '');
}

/** The transcript of `calls` answered by `answers` (one answer per call, in order). */
export function renderCurlTranscript(calls: readonly CurlCall[], answers: readonly CurlAnswer[]): string {
  return calls
    .map((call, i) => `$ ${call.command}\n${printedFor(call, answers[i] ?? { status: 0, body: '' })}`)
    .join('');
}

/** The status and body a `-w 'HTTP %{http_code}\n'` call's printed text records. */
export function recordedAnswer(call: CurlCall): CurlAnswer {
  if (!call.writesStatus) throw new Error(`"${call.command}" does not print the status`);
  const match = /^([\s\S]*?)HTTP (\d{3})\n$/.exec(call.printed);
  if (match === null) throw new Error(`"${call.command}" is not followed by an "HTTP <status>" line`);
  return { status: Number(match[2]), body: match[1] ?? '' };
}
