/**
 * The anchor for issue 23's "a lab page weighs at most 1.10x a docs page of the same text length":
 * the lab page itself with the lab's machinery taken out, served in place of the real page (a
 * Playwright route), so the two have the same text, the same code blocks and the same Starlight
 * shell, and differ only by what a lab adds before interaction.
 *
 * What stays is what a reader of a docs page would also see: the lab's title, its instructions and
 * its starter files as highlighted code. What goes: the lab's configuration (JSON), the Start lab
 * button and its message, the island script and the lab's inline first-paint CSS.
 *
 * Invariant: each part is removed exactly once; when the Lab component's markup changes so that a
 * part is not found (or found twice), `withoutLabMachinery` throws instead of measuring a page that
 * still carries it.
 */

const PARTS: readonly (readonly [string, RegExp])[] = [
  ['the lab configuration', /<script type="application\/json" data-gcl-config>.*?<\/script>/gs],
  ['the Start lab button', /<div class="gcl-lab__start not-content">.*?<\/p><\/div>/gs],
  ['the island script', /<script type="module" src="[^"]*\/Lab\.astro_astro_type_script[^"]*"><\/script>/g],
  ['the inline lab CSS', /<style>\.gcl-lab\{.*?<\/style>/gs],
];

/** `html` (a page with exactly one lab) without the lab's machinery; throws naming a part not found once. */
export function withoutLabMachinery(html: string): string {
  let out = html;
  for (const [name, pattern] of PARTS) {
    const found = out.match(pattern)?.length ?? 0;
    if (found !== 1) {
      throw new Error(`docs twin: expected ${name} once in the lab page, found it ${found} times`);
    }
    out = out.replace(pattern, '');
  }
  return out;
}
