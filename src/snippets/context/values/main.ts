import { main } from 'gort';
import * as context from 'gort/context';
import * as time from 'gort/time';

// A key no other module can make (in Go,
// an unexported key type): no other module
// can read or overwrite this value.
const requestIDKey = Symbol('requestID');

function withRequestID(
  ctx: context.Context,
  id: string,
): context.Context {
  return context.withValue(
    ctx,
    requestIDKey,
    id,
  );
}

function requestID(
  ctx: context.Context,
): string {
  const id = ctx.value(requestIDKey);
  return typeof id === 'string' ? id : '-';
}

// handle gets ctx first and passes it on;
// the user is a parameter.
function handle(
  ctx: context.Context,
  user: string,
) {
  const [timed, cancel] =
    context.withTimeout(ctx, time.Second);
  try {
    load(timed, user);
  } finally {
    cancel();
  }
}

function load(
  ctx: context.Context,
  user: string,
) {
  const [d] = ctx.deadline();
  const left = time.formatDuration(
    d === undefined ? 0 : time.until(d),
  );
  console.log(
    `[${requestID(ctx)}] load ${user},`,
    `${left} left`,
  );
}

main(() => {
  const ctx = withRequestID(
    context.background(),
    'req-7',
  );
  handle(ctx, 'ada');
  handle(context.background(), 'grace');

  const found =
    typeof ctx.value('requestID') ===
    'string';
  console.log(
    'found with a string key:',
    found,
  );
});
