/**
 * The classroom server: the built site and the room service on one Fastify instance, so students
 * open one address and the lab pages stay same-origin with the API (and cross-origin isolated).
 * The routes are documented in src/classroom/README.md.
 *
 * Live updates use server-sent events, not WebSocket: every live message goes one way (server to
 * instructor tabs, server to students), and everything a client says is a plain POST that the same
 * JSON Schemas validate as the rest of the API. SSE is plain HTTP (no upgrade, no extra dependency),
 * the browser's EventSource reconnects by itself and sends Last-Event-ID, and the change log's `seq`
 * is that id, so a reconnecting tab is sent exactly the changes it missed.
 *
 * Invariants:
 * - Every input is validated by a schema (src/classroom/schemas.ts) and a body limit before a
 *   handler runs; a lab id must name a lab of labs/ (UNKNOWN_LAB otherwise).
 * - Credentials travel as `Authorization: Bearer <credential>` (or `?access_token=` for
 *   EventSource): the instructor key opens /api/instructor/*, a student token opens /api/student/*.
 *   No credential or an unknown one is 401; the other kind's valid credential is 403. A student
 *   route only ever reads the caller's own rows.
 * - Every response carries the site's headers from public/_headers (COOP, COEP, CORP, ...), API
 *   responses `Cache-Control: no-store`.
 * - A stream is sent a starting point (a snapshot, or the changes after Last-Event-ID) and is
 *   subscribed in the same synchronous step, so it sees every later change once, in order.
 * - A stream whose client stops reading (more than MAX_STREAM_BUFFER bytes queued) is closed; its
 *   EventSource reconnects and resumes from its last id.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { CheckText } from '../lab/check/text.ts';
import { resultsCsv } from './csv.ts';
import { ClassroomError } from './errors.ts';
import { RateLimiter, type BucketOptions } from './rate-limit.ts';
import { RoomHub } from './room-hub.ts';
import {
  BODY_LIMIT,
  RESULT_BODY_LIMIT,
  SHARE_BODY_LIMIT,
  idParams,
  joinBody,
  releaseBody,
  resultBody,
  shareBody,
  tokenQuery,
  type JoinBody,
  type ReleaseBody,
  type ResultBody,
  type ShareBody,
} from './schemas.ts';
import { headersFor, type HeaderRule } from './site-headers.ts';
import type { Change, ChangeKind, ClassroomStore, Room, Student } from './store.ts';

/** A lab as the dashboard lists it (from labs/<section>/<lab>/lab.json). */
export interface LabInfo {
  readonly id: string;
  readonly title: CheckText;
  readonly lesson: string;
}

export interface Limits {
  /** Joins per client IP. Default: 10 at once, then one per 6 s. */
  readonly joinPerIp: BucketOptions;
  /** Check results per student. Default: 10 at once, then one per 2 s. */
  readonly resultPerStudent: BucketOptions;
  /** Student writes (results and shares) per client IP, behind the per-student limits. Default: 60 at once, then 10 per second. */
  readonly writePerIp: BucketOptions;
  /** Shares per student. Default: 3 at once, then one per 20 s. */
  readonly sharePerStudent: BucketOptions;
  /** Open event streams per student. Default 4. */
  readonly streamsPerStudent: number;
  /** Open instructor event streams per room. Default 16. */
  readonly instructorStreams: number;
}

export const DEFAULT_LIMITS: Limits = {
  joinPerIp: { capacity: 10, refillMs: 6_000 },
  resultPerStudent: { capacity: 10, refillMs: 2_000 },
  writePerIp: { capacity: 60, refillMs: 100 },
  sharePerStudent: { capacity: 3, refillMs: 20_000 },
  streamsPerStudent: 4,
  instructorStreams: 16,
};

export interface ClassroomServerOptions {
  readonly store: ClassroomStore;
  /** The labs a result, release or share may name. */
  readonly labs: readonly LabInfo[];
  /** Response headers per path (public/_headers). */
  readonly headerRules: readonly HeaderRule[];
  /** The built site to serve (dist/); without it only the API is served. */
  readonly siteDir?: string | undefined;
  /** The clock of the rate limits. Default Date.now. */
  readonly now?: () => number;
  readonly limits?: Partial<Limits>;
  /** Milliseconds between keep-alive comments on an event stream. Default 20,000. */
  readonly heartbeatMs?: number;
}

/** The most bytes queued for one stream's client before the stream is closed. */
const MAX_STREAM_BUFFER = 1024 * 1024;
/** A reconnecting stream missing more changes than this gets a fresh snapshot instead. */
const MAX_REPLAY = 5_000;

interface FastifyLikeError {
  readonly code?: string;
  readonly statusCode?: number;
  readonly message: string;
  readonly validation?: unknown;
}

function sendError(reply: FastifyReply, error: ClassroomError): FastifyReply {
  if (error.statusCode === 401) reply.header('WWW-Authenticate', 'Bearer realm="classroom"');
  if (error.retryAfter !== undefined) reply.header('Retry-After', String(error.retryAfter));
  return reply
    .code(error.statusCode)
    .type('application/json; charset=utf-8')
    .send({ statusCode: error.statusCode, code: error.code, message: error.message });
}

/** Fastify's own errors (parsing, limits, validation) as ClassroomErrors with the API's codes. */
function toClassroomError(error: FastifyLikeError, bodyLimit: number): ClassroomError {
  if (error instanceof ClassroomError) return error;
  if (error.validation !== undefined) return new ClassroomError('BAD_REQUEST', 400, error.message);
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ClassroomError('BODY_TOO_LARGE', 413, `request body is larger than ${bodyLimit} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ClassroomError(
        'UNSUPPORTED_MEDIA_TYPE',
        415,
        'send the body as JSON, with Content-Type: application/json',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ClassroomError('BAD_REQUEST', 400, 'body is empty; send a JSON object');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ClassroomError('BAD_REQUEST', 400, `body is not valid JSON: ${error.message}`);
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return new ClassroomError('BAD_REQUEST', status, error.message);
  return new ClassroomError('INTERNAL', 500, 'internal error');
}

/** Ajv's first error as one sentence: `body.items[0].pass must be boolean`. */
function formatSchemaError(
  errors: readonly {
    instancePath: string;
    message?: string | undefined;
    params: Record<string, unknown>;
  }[],
  dataVar: string,
): Error {
  const first = errors[0];
  if (first === undefined) return new Error(`${dataVar} is invalid`);
  const where = `${dataVar}${first.instancePath.replace(/\/(\d+)(?=\/|$)/gu, '[$1]').replaceAll('/', '.')}`;
  const extra = first.params['additionalProperty'];
  const missing = first.params['missingProperty'];
  const message =
    typeof extra === 'string'
      ? `${where} has an unknown property "${extra}"`
      : typeof missing === 'string'
        ? `${where} lacks the property "${missing}"`
        : `${where} ${first.message ?? 'is invalid'}`;
  return new Error(message);
}

export interface ClassroomServer {
  readonly app: FastifyInstance;
  readonly hub: RoomHub;
}

export async function createClassroomServer(options: ClassroomServerOptions): Promise<ClassroomServer> {
  const { store, headerRules } = options;
  const now = options.now ?? Date.now;
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const heartbeatMs = options.heartbeatMs ?? 20_000;
  const labs = [...options.labs];
  const labIds = new Set(labs.map((lab) => lab.id));
  const hub = new RoomHub();
  const joinLimiter = new RateLimiter(limits.joinPerIp, now);
  const resultLimiter = new RateLimiter(limits.resultPerStudent, now);
  const writeLimiter = new RateLimiter(limits.writePerIp, now);
  const shareLimiter = new RateLimiter(limits.sharePerStudent, now);
  const openStreams = new Map<string, number>();
  const streamClosers = new Set<() => void>();

  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false } },
    schemaErrorFormatter: formatSchemaError,
  });

  // JSON only: Fastify also parses text/plain by default, which would reach the schema as a string.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(headersFor(headerRules, request.url.split('?')[0] ?? '/'));
    if (request.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
    done();
  });

  app.setErrorHandler((error: FastifyLikeError, request, reply) => {
    const limit = request.routeOptions.bodyLimit ?? BODY_LIMIT;
    const classroomError = toClassroomError(error, limit);
    if (classroomError.code === 'INTERNAL') console.error(error);
    return sendError(reply, classroomError);
  });

  app.addHook('preClose', (done) => {
    for (const close of [...streamClosers]) close();
    done();
  });

  // ---- helpers ----

  const rateLimit = (limiter: RateLimiter, key: string, what: string) => {
    const waitMs = limiter.take(key);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new ClassroomError('RATE_LIMITED', 429, `too many ${what}; try again in ${seconds} s`, seconds);
    }
  };

  const credential = (request: FastifyRequest): string | undefined => {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/iu.exec(header);
      if (match === null) {
        throw new ClassroomError(
          'UNAUTHORIZED',
          401,
          'the Authorization header must be "Bearer <instructor key or student token>"',
        );
      }
      return match[1];
    }
    return (request.query as { access_token?: string } | undefined)?.access_token;
  };

  const instructorRoom = (request: FastifyRequest): Room => {
    const given = credential(request);
    if (given === undefined) {
      throw new ClassroomError(
        'UNAUTHORIZED',
        401,
        'this route needs the instructor key: Authorization: Bearer <key>',
      );
    }
    const room = store.roomByKey(given);
    if (room !== undefined) return room;
    if (store.studentByToken(given) !== undefined) {
      throw new ClassroomError('FORBIDDEN', 403, 'a student token cannot open instructor routes');
    }
    throw new ClassroomError('UNAUTHORIZED', 401, 'unknown instructor key');
  };

  const student = (request: FastifyRequest): Student => {
    const given = credential(request);
    if (given === undefined) {
      throw new ClassroomError(
        'UNAUTHORIZED',
        401,
        'this route needs a student token: Authorization: Bearer <token>',
      );
    }
    const found = store.studentByToken(given);
    if (found !== undefined) return found;
    if (store.roomByKey(given) !== undefined) {
      throw new ClassroomError(
        'FORBIDDEN',
        403,
        'the instructor key is not a student token; join the room to get one',
      );
    }
    throw new ClassroomError('UNAUTHORIZED', 401, 'unknown student token; join the room again');
  };

  const knownLab = (lab: string): string => {
    if (!labIds.has(lab)) {
      throw new ClassroomError(
        'UNKNOWN_LAB',
        400,
        `unknown lab "${lab}": no labs/${lab}/lab.json on this server (${labIds.size} labs, e.g. "${labs[0]?.id ?? ''}")`,
      );
    }
    return lab;
  };

  const dashboard = (room: Room) => ({ ...store.dashboard(room), labs });

  /**
   * Opens an event stream on `reply`: first `start` (a snapshot) or, when the client sends
   * Last-Event-ID, the changes after it; then every change of `kinds` as it happens.
   */
  const openStream = (
    request: FastifyRequest,
    reply: FastifyReply,
    room: { id: number },
    streamKey: string,
    maxStreams: number,
    kinds: ReadonlySet<ChangeKind> | undefined,
    start: () => { seq: number },
  ) => {
    const open = openStreams.get(streamKey) ?? 0;
    if (open >= maxStreams) {
      throw new ClassroomError(
        'TOO_MANY_STREAMS',
        429,
        `at most ${maxStreams} event streams may be open at once`,
      );
    }
    const lastHeader = request.headers['last-event-id'];
    const lastId =
      typeof lastHeader === 'string' && /^\d{1,15}$/u.test(lastHeader) ? Number(lastHeader) : undefined;

    reply.hijack();
    const res: ServerResponse = reply.raw;
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      unsubscribe();
      clearInterval(heartbeat);
      streamClosers.delete(close);
      const left = (openStreams.get(streamKey) ?? 1) - 1;
      if (left === 0) openStreams.delete(streamKey);
      else openStreams.set(streamKey, left);
      res.end();
    };
    const write = (event: string, id: number, data: unknown) => {
      if (closed) return;
      res.write(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      if (res.writableLength > MAX_STREAM_BUFFER) close();
    };
    const send = (change: Change) => write(change.kind, change.seq, change.data);

    openStreams.set(streamKey, open + 1);
    streamClosers.add(close);
    res.write('retry: 2000\n\n');
    // Starting point and subscription in one synchronous step (see the header).
    const missed = lastId === undefined ? undefined : store.changesSince(room.id, lastId, MAX_REPLAY + 1);
    if (missed === undefined || missed.length > MAX_REPLAY) {
      const snapshot = start();
      write('snapshot', snapshot.seq, snapshot);
    } else {
      for (const change of missed) if (kinds === undefined || kinds.has(change.kind)) send(change);
    }
    const unsubscribe = hub.subscribe(room.id, { kinds, send });
    const heartbeat = setInterval(() => {
      if (!closed) res.write(': ping\n\n');
    }, heartbeatMs);
    heartbeat.unref();
    res.on('close', close);
  };

  // ---- public ----

  app.get('/api/classroom', { schema: { querystring: tokenQuery } }, (_request, reply) =>
    reply.send({
      service: 'go-concurrency-labs-classroom',
      version: 1,
      labs: labs.map((lab) => lab.id),
      // What a student's page needs to name a released lab and link to its lesson.
      titles: Object.fromEntries(labs.map((lab) => [lab.id, { title: lab.title, lesson: lab.lesson }])),
    }),
  );

  app.post<{ Body: JoinBody }>('/api/join', { schema: { body: joinBody } }, (request, reply) => {
    rateLimit(joinLimiter, request.ip, `joins from ${request.ip}`);
    const room = store.roomByCode(request.body.code);
    if (room === undefined) {
      throw new ClassroomError(
        'NO_ROOM',
        404,
        `no room has the code "${request.body.code.trim().toUpperCase()}"`,
      );
    }
    const { student: joined, token, change } = store.join(room, request.body.name);
    hub.publish(room.id, change);
    return reply.code(201).send({
      token,
      student: { id: joined.id, name: joined.name },
      room: { code: room.code },
    });
  });

  // ---- student ----

  app.get('/api/student', { schema: { querystring: tokenQuery } }, (request, reply) =>
    reply.send(store.studentView(student(request))),
  );

  app.get('/api/student/events', { schema: { querystring: tokenQuery } }, (request, reply) => {
    const me = student(request);
    openStream(
      request,
      reply,
      { id: me.roomId },
      `s${me.id}`,
      limits.streamsPerStudent,
      new Set(['released']),
      () => store.studentView(me),
    );
  });

  app.post<{ Body: ResultBody }>(
    '/api/student/results',
    { schema: { body: resultBody }, bodyLimit: RESULT_BODY_LIMIT },
    (request, reply) => {
      rateLimit(writeLimiter, request.ip, `submissions from ${request.ip}`);
      const me = student(request);
      rateLimit(resultLimiter, String(me.id), 'check results');
      const lab = knownLab(request.body.lab);
      const { result, change } = store.recordResult(me, lab, request.body.items);
      hub.publish(me.roomId, change);
      return reply.code(201).send({ result });
    },
  );

  app.post<{ Body: ShareBody }>(
    '/api/student/shares',
    { schema: { body: shareBody }, bodyLimit: SHARE_BODY_LIMIT },
    (request, reply) => {
      rateLimit(writeLimiter, request.ip, `submissions from ${request.ip}`);
      const me = student(request);
      rateLimit(shareLimiter, String(me.id), 'shares');
      const lab = knownLab(request.body.lab);
      const { share, change } = store.share(me, lab, request.body.files);
      hub.publish(me.roomId, change);
      return reply.code(201).send({ share });
    },
  );

  // ---- instructor ----

  app.get('/api/instructor/dashboard', { schema: { querystring: tokenQuery } }, (request, reply) =>
    reply.send(dashboard(instructorRoom(request))),
  );

  app.get('/api/instructor/events', { schema: { querystring: tokenQuery } }, (request, reply) => {
    const room = instructorRoom(request);
    openStream(request, reply, room, `r${room.id}`, limits.instructorStreams, undefined, () =>
      dashboard(room),
    );
  });

  app.get<{ Params: { id: string } }>(
    '/api/instructor/students/:id',
    { schema: { params: idParams, querystring: tokenQuery } },
    (request, reply) => {
      const room = instructorRoom(request);
      const found = store.studentById(room, Number(request.params.id));
      if (found === undefined) {
        throw new ClassroomError('NOT_FOUND', 404, `no student ${request.params.id} in this room`);
      }
      return reply.send({ student: found, results: store.resultsOf(found) });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/instructor/shares/:id',
    { schema: { params: idParams, querystring: tokenQuery } },
    (request, reply) => {
      const room = instructorRoom(request);
      const share = store.shareById(room, Number(request.params.id));
      if (share === undefined) {
        throw new ClassroomError('NOT_FOUND', 404, `no share ${request.params.id} in this room`);
      }
      return reply.send({ share });
    },
  );

  app.post<{ Body: ReleaseBody }>(
    '/api/instructor/releases',
    { schema: { body: releaseBody } },
    (request, reply) => {
      const room = instructorRoom(request);
      const lab = knownLab(request.body.lab);
      const { release, change } = store.release(room, request.body.kind, lab);
      hub.publish(room.id, change);
      return reply.code(change === undefined ? 200 : 201).send({ release });
    },
  );

  app.get('/api/instructor/export.csv', { schema: { querystring: tokenQuery } }, (request, reply) => {
    const room = instructorRoom(request);
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="classroom-${room.code}.csv"`)
      .send(resultsCsv(store.exportRows(room)));
  });

  // ---- the site ----

  const siteDir = options.siteDir;
  const notFoundPage =
    siteDir !== undefined && existsSync(path.join(siteDir, '404.html'))
      ? readFileSync(path.join(siteDir, '404.html'))
      : undefined;
  if (siteDir !== undefined) {
    await app.register(fastifyStatic, { root: path.resolve(siteDir), cacheControl: false, redirect: true });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || notFoundPage === undefined) {
      return sendError(
        reply,
        new ClassroomError('NOT_FOUND', 404, `no route ${request.method} ${request.url.split('?')[0]}`),
      );
    }
    return reply.code(404).type('text/html; charset=utf-8').send(notFoundPage);
  });

  return { app, hub };
}
