/**
 * The one fake the lab allows: a WebContainer for the runner contract suite, typed by the runner's
 * ContainerLike/ProcessLike (which the real @webcontainer/api class is checked to satisfy), whose
 * file system is a temporary folder and whose processes are real `node` child processes — so the
 * WebContainer runner's adapter is tested end to end on what a container does (mount, spawn `node`,
 * one terminal stream for stdout and stderr, kill), not on scripted answers.
 *
 * Like the real one: `mount` adds to the tree, `fs.rm` removes a path, `spawn` runs in a folder of
 * the tree, `output` carries both streams, `exit` resolves with the status, `kill` ends the process
 * (and what it started). Unlike it: no `server-ready` events (the contract does not use previews).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FileSystemTree, SpawnOptions, Unsubscribe } from '@webcontainer/api';
import type { BootFunction, ContainerLike, ProcessLike } from '../../src/lab/runners/webcontainer.ts';

async function writeTree(dir: string, tree: FileSystemTree): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, node] of Object.entries(tree)) {
    const target = path.join(dir, name);
    if ('directory' in node) await writeTree(target, node.directory);
    else if ('file' in node && 'contents' in node.file) await writeFile(target, node.file.contents);
  }
}

class NodeProcess implements ProcessLike {
  readonly output: ReadableStream<string>;
  readonly exit: Promise<number>;
  readonly #pid: number | undefined;

  constructor(command: string, args: string[], cwd: string) {
    if (command !== 'node') throw new Error(`the fake container runs only node, not ${command}`);
    const child = spawn(process.execPath, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#pid = child.pid;
    this.output = new ReadableStream<string>({
      start(controller) {
        let open = 2;
        const end = () => {
          if (--open === 0) controller.close();
        };
        for (const stream of [child.stdout, child.stderr]) {
          stream.setEncoding('utf8');
          stream.on('data', (chunk: string) => controller.enqueue(chunk));
          stream.on('end', end);
        }
      },
    });
    this.exit = new Promise((resolve) => child.on('close', (code) => resolve(code ?? 137)));
  }

  kill(): void {
    if (this.#pid === undefined) return;
    try {
      process.kill(-this.#pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export class NodeBackedContainer implements ContainerLike {
  readonly #root: Promise<string> = mkdtemp(path.join(tmpdir(), 'lab-wc-'));
  readonly fs = {
    rm: async (target: string, options?: { force?: boolean; recursive?: boolean }) => {
      await rm(path.join(await this.#root, target), {
        force: options?.force ?? false,
        recursive: options?.recursive ?? false,
      });
    },
  };

  async mount(tree: FileSystemTree): Promise<void> {
    await writeTree(await this.#root, tree);
  }

  async spawn(command: string, args: string[], options?: SpawnOptions): Promise<ProcessLike> {
    return new NodeProcess(command, args, path.join(await this.#root, options?.cwd ?? '.'));
  }

  on(): Unsubscribe {
    return () => undefined;
  }

  /** Removes the container's folder. */
  async dispose(): Promise<void> {
    await rm(await this.#root, { recursive: true, force: true });
  }
}

/** A boot function that boots one NodeBackedContainer at once (a fresh "tab" per call). */
export function nodeBackedBoot(): { boot: BootFunction; container: NodeBackedContainer } {
  const container = new NodeBackedContainer();
  return { boot: () => Promise.resolve(container), container };
}
