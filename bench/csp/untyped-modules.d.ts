/**
 * Minimal declarations for the two bench peers that ship no types (js-csp 1.0.1, medium 1.2.0):
 * only what the adapters in contenders/ use, from the packages' READMEs and sources.
 */
declare module 'js-csp' {
  export interface CspChannel {
    close(): void;
  }
  /** An instruction a process yields to the scheduler. */
  export type Instruction = { readonly __cspInstruction: true };
  export interface AltsResult {
    value: unknown;
    channel: CspChannel;
  }
  interface Csp {
    go: (gen: () => Generator<Instruction, void, unknown>) => void;
    chan: (bufferSize?: number) => CspChannel;
    put: (ch: CspChannel, v: unknown) => Instruction;
    take: (ch: CspChannel) => Instruction;
    alts: (chs: CspChannel[]) => Instruction;
    CLOSED: unknown;
  }
  const csp: Csp;
  export default csp;
}

declare module 'medium' {
  export interface MediumChannel {
    readonly __mediumChannel: true;
  }
  interface Medium {
    chan: (bufferSize?: number) => MediumChannel;
    put: (ch: MediumChannel, v: unknown) => Promise<boolean>;
    take: (ch: MediumChannel) => Promise<unknown>;
    close: (ch: MediumChannel) => void;
    any: (...chs: MediumChannel[]) => Promise<[unknown, MediumChannel]>;
    CLOSED: unknown;
  }
  const medium: Medium;
  export default medium;
}
