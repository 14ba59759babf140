/**
 * `npm run classroom [-- options]`: runs a workshop from this laptop. Builds the site when dist/ is
 * missing or older than its sources (`npm run build`), then serves it on the local network with the
 * room service (src/classroom/server.ts) on the same port, and prints the room code, the URLs to
 * give students (one per non-internal IPv4 address), a QR code of the first one, and the instructor
 * key. The room lives in a SQLite file (default .classroom/classroom.db), so stopping and starting
 * again resumes the same room: same code, same key, students' tokens still valid.
 *
 * `--export <file>` writes the room's results as CSV and exits (no server); `--new-room` starts a
 * new room in the same file (the old ones stay in it).
 *
 * The QR code comes from `qrcode` (its terminal renderer, half-block characters): the most used QR
 * package on npm, with types; qrcode-terminal has had no release in years and uqr is pre-1.0.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import { resultsCsv } from '../src/classroom/csv.ts';
import { loadLabInfos } from '../src/classroom/labs.ts';
import { joinUrl, lanAddresses } from '../src/classroom/network.ts';
import { createClassroomServer } from '../src/classroom/server.ts';
import { readHeadersFile } from '../src/classroom/site-headers.ts';
import { staleReason } from '../src/classroom/site-build.ts';
import { ClassroomStore } from '../src/classroom/store.ts';

const USAGE = `usage: npm run classroom -- [--port <n>] [--host <address>] [--db <file>] [--new-room] [--no-build]
       npm run classroom -- --export <file.csv> [--db <file>]

  --port <n>        port to listen on (default 4500)
  --host <address>  address to listen on (default 0.0.0.0: every interface)
  --db <file>       the room's database file (default .classroom/classroom.db)
  --new-room        start a new room (new code and key) instead of resuming the last one
  --no-build        serve dist/ as it is, even when older than the sources
  --export <file>   write the last room's results as CSV to <file> and exit`;

function fail(message: string): never {
  process.stderr.write(`classroom: ${message}\n${USAGE}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      port: { type: 'string', default: '4500' },
      host: { type: 'string', default: '0.0.0.0' },
      db: { type: 'string', default: path.join('.classroom', 'classroom.db') },
      'new-room': { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      export: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  fail((error as Error).message);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const port = Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port must be an integer from 0 to 65535, got "${args.port}"`);

const root = process.cwd();
const store = new ClassroomStore(args.db);

if (args.export !== undefined) {
  const room = store.latestRoom();
  if (room === undefined) fail(`${args.db} holds no room yet`);
  const rows = store.exportRows(room);
  writeFileSync(args.export, resultsCsv(rows));
  process.stdout.write(
    `wrote ${rows.length} student${rows.length === 1 ? '' : 's'} of room ${room.code} to ${args.export}\n`,
  );
  store.close();
  process.exit(0);
}

const stale = args['no-build'] ? undefined : staleReason(root);
if (stale !== undefined) {
  process.stdout.write(`classroom: building the site (${stale}): npm run build\n`);
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) {
    process.stderr.write(`classroom: npm run build failed (exit ${build.status ?? build.signal})\n`);
    process.exit(1);
  }
}

const siteDir = path.join(root, 'dist');
if (!existsSync(path.join(siteDir, 'index.html'))) {
  process.stderr.write('classroom: dist/ holds no site (--no-build): serving the room service only\n');
}
const room = args['new-room'] ? store.createRoom() : (store.latestRoom() ?? store.createRoom());
const { app } = await createClassroomServer({
  store,
  labs: await loadLabInfos(path.join(root, 'labs')),
  headerRules: readHeadersFile(path.join(root, 'public', '_headers')),
  siteDir: existsSync(siteDir) ? siteDir : undefined,
});
await app.listen({ host: args.host, port });
const address = app.server.address();
const boundPort = typeof address === 'object' && address !== null ? address.port : port;

const hosts = args.host === '0.0.0.0' ? lanAddresses().map((lan) => lan.address) : [args.host];
const urls = hosts.map((host) => joinUrl(host, boundPort, room.code));
const lines = [
  '',
  `  Room code:       ${room.code}`,
  '',
  '  Students open:',
  ...(urls.length > 0
    ? urls.map((url) => `    ${url}`)
    : ["    (no network interface found: connect to the room's Wi-Fi and restart)"]),
  `    (on this laptop: ${joinUrl('localhost', boundPort, room.code)})`,
  '',
];
process.stdout.write(lines.join('\n'));
if (urls[0] !== undefined) {
  process.stdout.write(`${await QRCode.toString(urls[0], { type: 'terminal', small: true })}\n`);
}
process.stdout.write(
  [
    `  Instructor key:  ${room.key}`,
    '                   (keep it to yourself: it opens the dashboard and the results)',
    '',
    `  Results as CSV:  curl -H "Authorization: Bearer ${room.key}" http://localhost:${boundPort}/api/instructor/export.csv`,
    `                   or, after stopping: npm run classroom -- --export results.csv`,
    `  Database:        ${path.resolve(args.db)} (restart to resume this room; --new-room for another)`,
    '',
    '  Ctrl-C stops the server.',
    '',
  ].join('\n'),
);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nclassroom: stopping\n');
  void app.close().then(() => {
    store.close();
    process.exit(0);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
