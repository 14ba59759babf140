/**
 * Whether this page is served by `npm run classroom`, asked only when it may be: the page was opened
 * with `?room=` (the join link the command prints) or this browser joined a room before. Then
 * `GET /api/classroom` answers, and the student part (student.ts) loads; on a static host, or for
 * anyone who never joined, nothing is requested and nothing more loads.
 *
 * Invariants: imports nothing statically (this is in every page's initial script, a few hundred
 * bytes); the storage key is student.ts `MEMBERSHIP_KEY`, written out.
 */
let wanted = false;
try {
  wanted =
    new URLSearchParams(location.search).has('room') || localStorage.getItem('gcl:classroom:v1') !== null;
} catch {
  // Storage disabled: only a `?room=` link asks.
}
if (wanted) {
  fetch('/api/classroom', { headers: { accept: 'application/json' } })
    .then((response) => (response.ok ? response.json() : null))
    .then(async (info: { service?: unknown } | null) => {
      if (info?.service !== 'go-concurrency-labs-classroom') return;
      const student = await import('./student.ts');
      student.mountClassroom(info as Parameters<typeof student.mountClassroom>[0]);
    })
    .catch(() => undefined);
}
