/**
 * The runners' output caps. What a program writes counts against the output cap, except the host's
 * protocol lines on stdout (`\x1eLAB {...}\n`, protocol.ts), which count against a cap of their own:
 * a long run's trace is megabytes, and the output cap is there for the learner's prints. Lines are
 * told apart by the rule the demultiplexer that reads them keeps (createOutputDemux): a message
 * starts at a marker wherever it appears and runs to the next newline; either may be split across
 * chunks.
 *
 * Invariants: `fits` never passes a cap, and a chunk's characters are counted once, in order; a
 * marker split across chunks is recognized (its first part, counted as the program's text, is
 * shorter than the marker); self-contained — no imports, no module state — because the sandbox's
 * worker is shipped as source text (`createOutputBudget.toString()`, sandbox-source.ts).
 */

export interface OutputBudget {
  /**
   * Counts `chunk` (UTF-16 code units: bytes for ASCII): how much of it fits under the caps, and
   * whether it reached one — after that, nothing more may be passed on.
   */
  take(chunk: string, stream: 'stdout' | 'stderr'): { readonly fits: number; readonly full: boolean };
}

/** A budget of `limit` characters of the program's text and `protocolLimit` of protocol lines. */
export function createOutputBudget(limit: number, protocolLimit: number): OutputBudget {
  // protocol.ts's LAB_MARKER (a test keeps them equal): this function may not import it.
  const MARKER = '\x1eLAB ';
  const limits = [limit, protocolLimit];
  /** Counted so far: [the program's text, protocol lines]. */
  const taken = [0, 0];
  let inMessage = false;
  /** How much of a marker the last stdout chunk ended with, outside a message. */
  let partial = 0;

  /** The longest tail of `text` after `from` that is a proper prefix of the marker. */
  const markerTail = (text: string, from: number) => {
    for (let k = Math.min(MARKER.length - 1, text.length - from); k > 0; k--) {
      if (text.endsWith(MARKER.slice(0, k))) return k;
    }
    return 0;
  };

  /** A stdout chunk as runs of [kind (0 the program's text, 1 a message), length], in order. */
  const runs = (chunk: string): Array<[number, number]> => {
    const out: Array<[number, number]> = [];
    const add = (kind: number, n: number) => {
      if (n > 0) out.push([kind, n]);
    };
    let pos = 0;
    if (partial > 0) {
      let k = partial;
      while (pos < chunk.length && k < MARKER.length && chunk[pos] === MARKER[k]) {
        k++;
        pos++;
      }
      partial = 0;
      if (k === MARKER.length) {
        inMessage = true;
        add(1, pos);
      } else if (pos === chunk.length) {
        partial = k;
        add(0, pos);
      } else pos = 0; // not a marker after all: ordinary text, scanned below
    }
    while (pos < chunk.length) {
      if (inMessage) {
        const nl = chunk.indexOf('\n', pos);
        const end = nl === -1 ? chunk.length : nl + 1;
        add(1, end - pos);
        pos = end;
        if (nl !== -1) inMessage = false;
      } else {
        const at = chunk.indexOf(MARKER, pos);
        const end = at === -1 ? chunk.length : at;
        if (at === -1) partial = markerTail(chunk, pos);
        else inMessage = true;
        add(0, end - pos);
        pos = end;
      }
    }
    return out;
  };

  return {
    take(chunk, stream) {
      let fits = 0;
      let full = false;
      for (const [kind, n] of stream === 'stdout' ? runs(chunk) : [[0, chunk.length] as [number, number]]) {
        const room = Math.max(0, limits[kind]! - taken[kind]!);
        const piece = Math.min(n, room);
        taken[kind]! += piece;
        fits += piece;
        if (n >= room) {
          full = true;
          break;
        }
      }
      return { fits, full };
    },
  };
}
