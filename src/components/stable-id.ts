/**
 * A short, stable id from a text (FNV-1a, base 36): the same listing gives the same id in every
 * build, so ids and the links between components (GoSideBySide's TypeScript listing and the
 * TimelineReplay of that program) are reproducible and two listings on one page never collide.
 */
export function stableId(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
