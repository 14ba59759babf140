/**
 * gort/testing: run a whole gort program in-process and inspect what it did.
 *
 * @module gort/testing
 */
export { runProgram, type ProgramResult, type RunProgramOptions } from './run-program.ts';
