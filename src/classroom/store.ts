/**
 * The room service's data: rooms, students, per-lab results, releases, shared code and the change
 * log, in one SQLite file through Node's built-in `node:sqlite` (synchronous, no native add-on).
 *
 * Invariants:
 * - Every write that the instructor's dashboard shows appends one row to `changes` in the same
 *   transaction, so a change's `seq` orders it against every other and a live stream that resumes
 *   after `seq` (SSE's Last-Event-ID) misses nothing and repeats nothing.
 * - A student token is stored only as its SHA-256; the token itself exists only in the student's
 *   browser. The instructor key is stored as is, because the command prints it again on restart.
 * - A student's name is unique in its room, compared after normalization (NFC, spaces collapsed,
 *   case-folded), so "Ada" and " ada " are one student.
 * - One result row per (student, lab): the latest report, the number of attempts, and when the lab
 *   first passed. Pass/fail follows labcheck's rule (`toReport`): at least one item, all passing.
 * - Student code is stored only when the student shares it.
 *
 * The file uses WAL journaling with synchronous=NORMAL: a crash or restart of the process loses no
 * committed write; a power cut can lose the last ones but never corrupts the file.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { toReport } from '../lab/check/report.ts';
import type { CheckText } from '../lab/check/text.ts';
import { ClassroomError } from './errors.ts';
import { mostFailing, type FailingItemCount } from './failing.ts';

export type { FailingItemCount };

/** Room codes avoid look-alikes (0/O, 1/I/L) so they can be read off a projector. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const ROOM_CODE_LENGTH = 6;
/** The longest display name, in characters, after trimming. */
export const MAX_NAME_LENGTH = 40;

export interface Room {
  readonly id: number;
  readonly code: string;
  readonly key: string;
  readonly createdAt: number;
}

export interface Student {
  readonly id: number;
  readonly roomId: number;
  readonly name: string;
  readonly joinedAt: number;
}

/** One item of a submitted check report: its name in both languages and whether it passed. */
export interface SubmittedItem {
  readonly name: CheckText;
  readonly pass: boolean;
}

/** A student's standing on one lab: the dashboard grid's cell. */
export interface LabResult {
  readonly studentId: number;
  readonly lab: string;
  readonly attempts: number;
  readonly passedItems: number;
  readonly totalItems: number;
  /** Whether the latest report passed. */
  readonly passed: boolean;
  /** When a report of this lab first passed (ms since the epoch), or null. */
  readonly firstPassedAt: number | null;
  /** The latest report's failing items, in the report's order. */
  readonly failing: readonly CheckText[];
  readonly lastAt: number;
}

export type ReleaseKind = 'lab' | 'solution';

export interface Release {
  readonly id: number;
  readonly kind: ReleaseKind;
  readonly lab: string;
  readonly at: number;
}

/** A share as listed on the dashboard: who, which lab, which files (the code is fetched apart). */
export interface ShareSummary {
  readonly id: number;
  readonly studentId: number;
  readonly lab: string;
  readonly files: readonly string[];
  readonly at: number;
}

export interface Share extends ShareSummary {
  readonly code: Readonly<Record<string, string>>;
}

export type ChangeKind = 'joined' | 'result' | 'released' | 'shared';

/** One row of the change log, as the live streams send it. */
export interface Change {
  readonly seq: number;
  readonly kind: ChangeKind;
  readonly data: unknown;
}

/** What a student may read: their own results and the room's releases. */
export interface StudentView {
  readonly seq: number;
  readonly student: { readonly id: number; readonly name: string };
  readonly room: { readonly code: string };
  readonly results: readonly LabResult[];
  readonly releases: readonly Release[];
}

/** The instructor's dashboard at one point of the change log (`seq`). */
export interface Dashboard {
  readonly seq: number;
  readonly room: { readonly code: string; readonly createdAt: number };
  readonly students: readonly Student[];
  readonly results: readonly LabResult[];
  /** Per lab id, its most failed items across students' latest reports, most failed first. */
  readonly failing: Readonly<Record<string, readonly FailingItemCount[]>>;
  readonly releases: readonly Release[];
  readonly shares: readonly ShareSummary[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rooms (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  key TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS students (
  id INTEGER PRIMARY KEY,
  room_id INTEGER NOT NULL REFERENCES rooms(id),
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  joined_at INTEGER NOT NULL,
  UNIQUE (room_id, name_key)
);
CREATE TABLE IF NOT EXISTS results (
  student_id INTEGER NOT NULL REFERENCES students(id),
  lab TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  passed_items INTEGER NOT NULL,
  total_items INTEGER NOT NULL,
  passed INTEGER NOT NULL,
  first_passed_at INTEGER,
  failing TEXT NOT NULL,
  last_at INTEGER NOT NULL,
  PRIMARY KEY (student_id, lab)
);
CREATE TABLE IF NOT EXISTS releases (
  id INTEGER PRIMARY KEY,
  room_id INTEGER NOT NULL REFERENCES rooms(id),
  kind TEXT NOT NULL CHECK (kind IN ('lab', 'solution')),
  lab TEXT NOT NULL,
  at INTEGER NOT NULL,
  UNIQUE (room_id, kind, lab)
);
CREATE TABLE IF NOT EXISTS shares (
  id INTEGER PRIMARY KEY,
  room_id INTEGER NOT NULL REFERENCES rooms(id),
  student_id INTEGER NOT NULL REFERENCES students(id),
  lab TEXT NOT NULL,
  files TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  room_id INTEGER NOT NULL REFERENCES rooms(id),
  kind TEXT NOT NULL,
  data TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS changes_by_room ON changes (room_id, seq);
CREATE INDEX IF NOT EXISTS students_by_room ON students (room_id);
`;

/** The form a name is compared in: NFC, whitespace runs as one space, trimmed, case-folded. */
export function normalizeName(raw: string): string {
  return raw.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

function nameKey(name: string): string {
  return name.toLocaleLowerCase('en-US');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A fresh secret: 32 random bytes, base64url, with a prefix that says whose it is. */
function secret(prefix: 'k' | 's'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

function newRoomCode(): string {
  let code = '';
  for (let i = 0; i < ROOM_CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

type Row = Record<string, SQLInputValue>;

/** A text column (the schema's NOT NULL TEXT columns hold nothing else). */
function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw new TypeError(`column ${column} is ${typeof value}, not text`);
  return value;
}

function rowToRoom(row: Row): Room {
  return {
    id: Number(row['id']),
    code: text(row, 'code'),
    key: text(row, 'key'),
    createdAt: Number(row['created_at']),
  };
}

function rowToStudent(row: Row): Student {
  return {
    id: Number(row['id']),
    roomId: Number(row['room_id']),
    name: text(row, 'name'),
    joinedAt: Number(row['joined_at']),
  };
}

function rowToResult(row: Row): LabResult {
  const firstPassedAt = row['first_passed_at'];
  return {
    studentId: Number(row['student_id']),
    lab: text(row, 'lab'),
    attempts: Number(row['attempts']),
    passedItems: Number(row['passed_items']),
    totalItems: Number(row['total_items']),
    passed: Number(row['passed']) === 1,
    firstPassedAt: firstPassedAt === null ? null : Number(firstPassedAt),
    failing: JSON.parse(text(row, 'failing')) as CheckText[],
    lastAt: Number(row['last_at']),
  };
}

function rowToRelease(row: Row): Release {
  return {
    id: Number(row['id']),
    kind: text(row, 'kind') as ReleaseKind,
    lab: text(row, 'lab'),
    at: Number(row['at']),
  };
}

function rowToShare(row: Row): Share {
  const code = JSON.parse(text(row, 'files')) as Record<string, string>;
  return {
    id: Number(row['id']),
    studentId: Number(row['student_id']),
    lab: text(row, 'lab'),
    files: Object.keys(code),
    code,
    at: Number(row['at']),
  };
}

function summary({ code: _code, ...rest }: Share): ShareSummary {
  return rest;
}

/** How many failing items per lab the dashboard lists. */
const TOP_FAILING = 5;

export class ClassroomStore {
  readonly file: string;
  readonly #db: DatabaseSync;
  readonly #now: () => number;

  /** Opens (creating when absent) the database `file`; `now` is the clock for every timestamp. */
  constructor(file: string, now: () => number = Date.now) {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.file = file;
    this.#now = now;
    this.#db = new DatabaseSync(file);
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;');
    this.#db.exec('PRAGMA busy_timeout = 5000;');
    this.#db.exec(SCHEMA);
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  #tx<T>(body: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const out = body();
      this.#db.exec('COMMIT');
      return out;
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  #append(roomId: number, kind: ChangeKind, data: unknown): Change {
    const { lastInsertRowid } = this.#db
      .prepare('INSERT INTO changes (room_id, kind, data, at) VALUES (?, ?, ?, ?)')
      .run(roomId, kind, JSON.stringify(data), this.#now());
    return { seq: Number(lastInsertRowid), kind, data };
  }

  /** The last change of the room, 0 when none. */
  #seq(roomId: number): number {
    const row = this.#db.prepare('SELECT MAX(seq) AS seq FROM changes WHERE room_id = ?').get(roomId);
    return Number(row?.['seq'] ?? 0);
  }

  // ---- rooms ----

  createRoom(): Room {
    for (;;) {
      const code = newRoomCode();
      if (this.roomByCode(code) !== undefined) continue;
      const key = secret('k');
      const createdAt = this.#now();
      const { lastInsertRowid } = this.#db
        .prepare('INSERT INTO rooms (code, key, created_at) VALUES (?, ?, ?)')
        .run(code, key, createdAt);
      return { id: Number(lastInsertRowid), code, key, createdAt };
    }
  }

  /** The most recently created room, the one `npm run classroom` resumes. */
  latestRoom(): Room | undefined {
    const row = this.#db.prepare('SELECT * FROM rooms ORDER BY id DESC LIMIT 1').get();
    return row === undefined ? undefined : rowToRoom(row);
  }

  /** The room with `code`, compared case-insensitively. */
  roomByCode(code: string): Room | undefined {
    const row = this.#db.prepare('SELECT * FROM rooms WHERE code = ?').get(code.trim().toUpperCase());
    return row === undefined ? undefined : rowToRoom(row);
  }

  /** The room whose instructor key is `key` (compared in constant time). */
  roomByKey(key: string): Room | undefined {
    if (!key.startsWith('k_')) return undefined;
    const wanted = Buffer.from(sha256(key));
    for (const row of this.#db.prepare('SELECT * FROM rooms').all()) {
      const room = rowToRoom(row);
      if (timingSafeEqual(Buffer.from(sha256(room.key)), wanted)) return room;
    }
    return undefined;
  }

  // ---- students ----

  /**
   * Adds a student named `rawName` (normalized; 1 to MAX_NAME_LENGTH characters) to the room and
   * returns the student and their token. A name already in the room is refused (NAME_TAKEN).
   */
  join(room: Room, rawName: string): { student: Student; token: string; change: Change } {
    const name = normalizeName(rawName);
    const length = [...name].length;
    if (length === 0) throw new ClassroomError('BAD_NAME', 400, 'name must not be blank');
    if (length > MAX_NAME_LENGTH) {
      throw new ClassroomError(
        'BAD_NAME',
        400,
        `name must be at most ${MAX_NAME_LENGTH} characters, got ${length}`,
      );
    }
    if (/[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/u.test(name)) {
      throw new ClassroomError('BAD_NAME', 400, 'name must not contain control or unassigned characters');
    }
    const key = nameKey(name);
    return this.#tx(() => {
      const taken = this.#db
        .prepare('SELECT 1 FROM students WHERE room_id = ? AND name_key = ?')
        .get(room.id, key);
      if (taken !== undefined) {
        throw new ClassroomError(
          'NAME_TAKEN',
          409,
          `the name "${name}" is already in this room; pick another one`,
        );
      }
      const token = secret('s');
      const joinedAt = this.#now();
      const { lastInsertRowid } = this.#db
        .prepare(
          'INSERT INTO students (room_id, name, name_key, token_hash, joined_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(room.id, name, key, sha256(token), joinedAt);
      const student: Student = { id: Number(lastInsertRowid), roomId: room.id, name, joinedAt };
      const change = this.#append(room.id, 'joined', { student });
      return { student, token, change };
    });
  }

  studentByToken(token: string): Student | undefined {
    if (!token.startsWith('s_')) return undefined;
    const row = this.#db.prepare('SELECT * FROM students WHERE token_hash = ?').get(sha256(token));
    return row === undefined ? undefined : rowToStudent(row);
  }

  studentById(room: Room, id: number): Student | undefined {
    const row = this.#db.prepare('SELECT * FROM students WHERE id = ? AND room_id = ?').get(id, room.id);
    return row === undefined ? undefined : rowToStudent(row);
  }

  // ---- results ----

  /** Records one check report of `lab` by `student` and returns the lab's updated standing. */
  recordResult(
    student: Student,
    lab: string,
    items: readonly SubmittedItem[],
  ): { result: LabResult; change: Change } {
    const { passed } = toReport(items.map((item) => ({ name: item.name, pass: item.pass })));
    const passedItems = items.filter((item) => item.pass).length;
    const failing = items.filter((item) => !item.pass).map((item) => item.name);
    const at = this.#now();
    return this.#tx(() => {
      this.#db
        .prepare(
          `INSERT INTO results (student_id, lab, attempts, passed_items, total_items, passed, first_passed_at, failing, last_at)
           VALUES ($student, $lab, 1, $passedItems, $totalItems, $passed, $firstPassedAt, $failing, $at)
           ON CONFLICT (student_id, lab) DO UPDATE SET
             attempts = attempts + 1, passed_items = excluded.passed_items,
             total_items = excluded.total_items, passed = excluded.passed,
             first_passed_at = COALESCE(first_passed_at, excluded.first_passed_at),
             failing = excluded.failing, last_at = excluded.last_at`,
        )
        .run({
          $student: student.id,
          $lab: lab,
          $passedItems: passedItems,
          $totalItems: items.length,
          $passed: passed ? 1 : 0,
          $firstPassedAt: passed ? at : null,
          $failing: JSON.stringify(failing),
          $at: at,
        });
      const row = this.#db
        .prepare('SELECT * FROM results WHERE student_id = ? AND lab = ?')
        .get(student.id, lab);
      if (row === undefined) throw new Error('the result just written is missing');
      const result = rowToResult(row);
      return { result, change: this.#append(student.roomId, 'result', { result }) };
    });
  }

  resultsOf(student: Student): LabResult[] {
    return this.#db
      .prepare('SELECT * FROM results WHERE student_id = ? ORDER BY lab')
      .all(student.id)
      .map(rowToResult);
  }

  #roomResults(room: Room): LabResult[] {
    return this.#db
      .prepare(
        `SELECT results.* FROM results JOIN students ON students.id = results.student_id
         WHERE students.room_id = ? ORDER BY results.student_id, results.lab`,
      )
      .all(room.id)
      .map(rowToResult);
  }

  // ---- releases ----

  /**
   * Releases `lab` (the next lab to open) or its solution to the room. Releasing the same thing
   * twice returns the first release and appends no change.
   */
  release(room: Room, kind: ReleaseKind, lab: string): { release: Release; change: Change | undefined } {
    return this.#tx(() => {
      const existing = this.#db
        .prepare('SELECT * FROM releases WHERE room_id = ? AND kind = ? AND lab = ?')
        .get(room.id, kind, lab);
      if (existing !== undefined) return { release: rowToRelease(existing), change: undefined };
      const at = this.#now();
      const { lastInsertRowid } = this.#db
        .prepare('INSERT INTO releases (room_id, kind, lab, at) VALUES (?, ?, ?, ?)')
        .run(room.id, kind, lab, at);
      const release: Release = { id: Number(lastInsertRowid), kind, lab, at };
      return { release, change: this.#append(room.id, 'released', { release }) };
    });
  }

  releasesOf(roomId: number): Release[] {
    return this.#db
      .prepare('SELECT * FROM releases WHERE room_id = ? ORDER BY id')
      .all(roomId)
      .map(rowToRelease);
  }

  // ---- shared code ----

  share(
    student: Student,
    lab: string,
    files: Readonly<Record<string, string>>,
  ): { share: ShareSummary; change: Change } {
    const at = this.#now();
    return this.#tx(() => {
      const { lastInsertRowid } = this.#db
        .prepare('INSERT INTO shares (room_id, student_id, lab, files, at) VALUES (?, ?, ?, ?, ?)')
        .run(student.roomId, student.id, lab, JSON.stringify(files), at);
      const share: ShareSummary = {
        id: Number(lastInsertRowid),
        studentId: student.id,
        lab,
        files: Object.keys(files),
        at,
      };
      return { share, change: this.#append(student.roomId, 'shared', { share }) };
    });
  }

  shareById(room: Room, id: number): Share | undefined {
    const row = this.#db.prepare('SELECT * FROM shares WHERE id = ? AND room_id = ?').get(id, room.id);
    return row === undefined ? undefined : rowToShare(row);
  }

  // ---- views ----

  studentView(student: Student): StudentView {
    const room = this.#db.prepare('SELECT code FROM rooms WHERE id = ?').get(student.roomId);
    return {
      seq: this.#seq(student.roomId),
      student: { id: student.id, name: student.name },
      room: { code: room === undefined ? '' : text(room, 'code') },
      results: this.resultsOf(student),
      releases: this.releasesOf(student.roomId),
    };
  }

  dashboard(room: Room): Dashboard {
    const students = this.#db
      .prepare('SELECT * FROM students WHERE room_id = ? ORDER BY id')
      .all(room.id)
      .map(rowToStudent);
    const results = this.#roomResults(room);
    const failing = Object.fromEntries(mostFailing(results, TOP_FAILING));
    const shares = this.#db
      .prepare('SELECT * FROM shares WHERE room_id = ? ORDER BY id')
      .all(room.id)
      .map((row) => summary(rowToShare(row)));
    return {
      seq: this.#seq(room.id),
      room: { code: room.code, createdAt: room.createdAt },
      students,
      results,
      failing,
      releases: this.releasesOf(room.id),
      shares,
    };
  }

  /** The room's changes after `seq`, oldest first, at most `limit` of them. */
  changesSince(roomId: number, seq: number, limit: number): Change[] {
    return this.#db
      .prepare('SELECT seq, kind, data FROM changes WHERE room_id = ? AND seq > ? ORDER BY seq LIMIT ?')
      .all(roomId, seq, limit)
      .map((row) => ({
        seq: Number(row['seq']),
        kind: text(row, 'kind') as ChangeKind,
        data: JSON.parse(text(row, 'data')) as unknown,
      }));
  }

  /** Every student of the room with their results, for the CSV export. */
  exportRows(room: Room): { student: Student; results: LabResult[] }[] {
    const { students, results } = this.dashboard(room);
    return students.map((student) => ({
      student,
      results: results.filter((result) => result.studentId === student.id),
    }));
  }
}
