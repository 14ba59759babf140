/**
 * The labs' Go twins: `src/snippets/labs/<lab id>/solution.go`, the same program as the lab's
 * TypeScript solution, built, vetted and run by `npm test` with the real Go toolchain
 * (tests/lessons/go-programs.test.ts). Build-time only (Vite's glob): the page learns whether a lab
 * has one (`LabConfig.goTwin`), the lab data carries its source, fetched once the check passes.
 */
const files = import.meta.glob<string>('../snippets/labs/*/*/solution.go', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Each Go twin's source by lab id (`<section>/<lab>`). */
export const goTwinSources: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(files).map(([file, source]) => [
    file.replace(/^\.\.\/snippets\/labs\//, '').replace(/\/solution\.go$/, ''),
    source,
  ]),
);
