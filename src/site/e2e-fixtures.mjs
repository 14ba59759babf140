// @ts-check
/**
 * The end-to-end tests' fixture pages: with `GCL_E2E_FIXTURES=1` in the environment (`npm run
 * build:e2e`, which `npm test` runs), every fixture lab of tests/fixtures/labs/good/ joins the `labs`
 * collection (src/content.config.ts) and gets a page of its own in each language,
 * `/e2e-fixtures/<section>/<lab>/` and `/zh-cn/e2e-fixtures/<section>/<lab>/`, a Starlight page
 * holding only that `<Lab>`. The lab specs run there, so lessons can change without breaking them.
 *
 * Invariants: without the variable the build holds no fixture lab and no fixture page (the site a
 * learner gets never has them); the pages are Starlight pages, so a lab behaves there exactly as it
 * does in a lesson (same layout, language, styles and scripts).
 */

/** Whether this build is the end-to-end tests' (fixture labs and pages included). */
export const E2E_FIXTURES = process.env['GCL_E2E_FIXTURES'] === '1';

/** Where the fixture labs live, relative to the project root. */
export const E2E_FIXTURE_LABS = 'tests/fixtures/labs/good';

/** The URL path (no locale prefix, no slashes around it) under which the fixture pages live. */
export const E2E_FIXTURE_PATH = 'e2e-fixtures';

/** @returns {import('astro').AstroIntegration} */
export function e2eFixturePages() {
  return {
    name: 'go-concurrency-labs:e2e-fixtures',
    hooks: {
      'astro:config:setup': ({ injectRoute }) => {
        if (!E2E_FIXTURES) return;
        // One entrypoint per locale: a page's language is its URL's (Starlight reads the prefix).
        injectRoute({
          pattern: `/${E2E_FIXTURE_PATH}/[section]/[lab]`,
          entrypoint: new URL('./e2e-fixtures/en.astro', import.meta.url),
        });
        injectRoute({
          pattern: `/zh-cn/${E2E_FIXTURE_PATH}/[section]/[lab]`,
          entrypoint: new URL('./e2e-fixtures/zh-cn.astro', import.meta.url),
        });
      },
    },
  };
}
