/**
 * The JSON Schemas of every route's input (Fastify validates them with Ajv before a handler runs),
 * with their bounds in one place. Objects refuse properties they do not list, and nothing is
 * coerced: `"true"` is not a boolean, `"1"` is not a number.
 */
import { MAX_NAME_LENGTH, ROOM_CODE_LENGTH } from './store.ts';

/** Most items a check report may hold; the labs' checks record well under 20. */
export const MAX_ITEMS = 50;
/** Longest item name, per language, in characters. */
export const MAX_ITEM_NAME = 200;
/** Most files a share may hold, and the longest file, in characters. */
export const MAX_SHARED_FILES = 20;
export const MAX_SHARED_FILE = 100_000;

/** Request body limits, in bytes: most routes, a check report, a share. */
export const BODY_LIMIT = 16 * 1024;
export const RESULT_BODY_LIMIT = 64 * 1024;
export const SHARE_BODY_LIMIT = 256 * 1024;

const labId = {
  type: 'string',
  minLength: 3,
  maxLength: 100,
  pattern: '^[a-z0-9-]+/[a-z0-9-]+$',
} as const;

const itemName = { type: 'string', minLength: 1, maxLength: MAX_ITEM_NAME } as const;

/** The query string every GET route accepts: only `access_token` (EventSource cannot send headers). */
export const tokenQuery = {
  type: 'object',
  properties: { access_token: { type: 'string', maxLength: 200 } },
  additionalProperties: false,
} as const;

export const idParams = {
  type: 'object',
  properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,9}$' } },
  required: ['id'],
  additionalProperties: false,
} as const;

export const joinBody = {
  type: 'object',
  properties: {
    code: { type: 'string', minLength: ROOM_CODE_LENGTH, maxLength: ROOM_CODE_LENGTH + 10 },
    // Raw length: generous, since trimming and collapsing spaces come after; MAX_NAME_LENGTH is
    // enforced on the normalized name.
    name: { type: 'string', minLength: 1, maxLength: MAX_NAME_LENGTH * 4 },
  },
  required: ['code', 'name'],
  additionalProperties: false,
} as const;

export const resultBody = {
  type: 'object',
  properties: {
    lab: labId,
    items: {
      type: 'array',
      maxItems: MAX_ITEMS,
      items: {
        type: 'object',
        properties: {
          name: {
            type: 'object',
            properties: { en: itemName, 'zh-cn': itemName },
            required: ['en', 'zh-cn'],
            additionalProperties: false,
          },
          pass: { type: 'boolean' },
        },
        required: ['name', 'pass'],
        additionalProperties: false,
      },
    },
  },
  required: ['lab', 'items'],
  additionalProperties: false,
} as const;

export const shareBody = {
  type: 'object',
  properties: {
    lab: labId,
    files: {
      type: 'object',
      minProperties: 1,
      maxProperties: MAX_SHARED_FILES,
      // the lab schema's file paths: relative .ts paths without `.` or `..` segments
      propertyNames: { pattern: '^(?!/)(?!.*(?:^|/)\\.\\.?(?:/|$))[\\w.\\-/]{1,200}\\.ts$' },
      additionalProperties: { type: 'string', maxLength: MAX_SHARED_FILE },
    },
  },
  required: ['lab', 'files'],
  additionalProperties: false,
} as const;

export const releaseBody = {
  type: 'object',
  properties: { kind: { type: 'string', enum: ['lab', 'solution'] }, lab: labId },
  required: ['kind', 'lab'],
  additionalProperties: false,
} as const;

export interface JoinBody {
  code: string;
  name: string;
}
export interface ResultBody {
  lab: string;
  items: { name: { en: string; 'zh-cn': string }; pass: boolean }[];
}
export interface ShareBody {
  lab: string;
  files: Record<string, string>;
}
export interface ReleaseBody {
  kind: 'lab' | 'solution';
  lab: string;
}
