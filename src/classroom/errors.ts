/**
 * The room service's errors: a stable `code` the browser turns into words in the page's language,
 * the HTTP status, and an English message for people reading the API with curl.
 *
 * Every error response has the shape `{ "statusCode": 400, "code": "UNKNOWN_LAB", "message": "…" }`.
 */

export type ClassroomErrorCode =
  | 'BAD_REQUEST'
  | 'BAD_NAME'
  | 'BODY_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNKNOWN_LAB'
  | 'NO_ROOM'
  | 'NAME_TAKEN'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'TOO_MANY_STREAMS'
  | 'INTERNAL';

export class ClassroomError extends Error {
  override readonly name = 'ClassroomError';
  readonly code: ClassroomErrorCode;
  readonly statusCode: number;
  /** Seconds to wait before retrying (sent as Retry-After), for RATE_LIMITED. */
  readonly retryAfter: number | undefined;

  constructor(code: ClassroomErrorCode, statusCode: number, message: string, retryAfter?: number) {
    super(message);
    this.code = code;
    this.statusCode = statusCode;
    this.retryAfter = retryAfter;
  }
}
