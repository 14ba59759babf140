/**
 * The labs the room service accepts: every labs/<section>/<lab>/lab.json, read once at start
 * (through the lab loader, so a malformed lab.json stops the server with the loader's message).
 */
import { loadLabMetas } from '../lab/lab-metas.ts';
import type { LabInfo } from './server.ts';

export async function loadLabInfos(root = 'labs'): Promise<LabInfo[]> {
  return (await loadLabMetas(root)).map(({ id, meta }) => ({ id, title: meta.title, lesson: meta.lesson }));
}
