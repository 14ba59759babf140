/**
 * The labs' ids and lab.json files alone (Node only): `loadLabMetas(root)` and the folder walk that
 * `load.ts` shares. Kept apart from load.ts so that a consumer needing only the list (the classroom
 * server) does not load TypeScript's compiler, which load.ts needs to check the lab files (~100 MB
 * of the server's memory).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseLabMetaJson, type LabMeta } from './schema.ts';

/** A path as shown in messages: relative to the working directory, with forward slashes. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return (relative.startsWith('..') ? file : relative).split(path.sep).join('/');
}

export async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** The folders of every lab under `root` (`<root>/<section>/<lab>/`), sorted by id; none when root is missing. */
export async function labDirs(root: string): Promise<string[]> {
  if (!(await isDirectory(root))) return [];
  const dirs: string[] = [];
  const subfolders = async (dir: string) =>
    (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  for (const section of await subfolders(root)) {
    for (const name of await subfolders(path.join(root, section))) dirs.push(path.join(root, section, name));
  }
  return dirs;
}

/**
 * Every lab's id and validated lab.json under `root`, sorted by id, without reading or transpiling
 * its files: what a page list needs (which lesson holds a lab, whether it runs services).
 */
export async function loadLabMetas(root = 'labs'): Promise<{ id: string; meta: LabMeta }[]> {
  const metas: { id: string; meta: LabMeta }[] = [];
  for (const dir of await labDirs(root)) {
    const jsonFile = path.join(dir, 'lab.json');
    const meta = parseLabMetaJson(await readFile(jsonFile, 'utf8'), displayPath(jsonFile));
    metas.push({ id: `${path.basename(path.dirname(dir))}/${path.basename(dir)}`, meta });
  }
  return metas;
}
