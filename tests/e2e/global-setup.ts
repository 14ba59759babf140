/**
 * The end-to-end suite's precondition: the lab specs run on the fixture labs' pages, which only the
 * end-to-end build has (`npm run build:e2e`; npm test runs it). Stops the run at once, with the
 * command to run, instead of 100 tests each timing out on a missing page. The site bench
 * (bench/site) reuses the config on the production build and leaves this setup out.
 */
import { existsSync } from 'node:fs';

export default function globalSetup(): void {
  if (!existsSync('dist/e2e-fixtures')) {
    throw new Error(
      'dist/ holds no e2e fixture pages: build the site for the tests with `npm run build:e2e` (npm test does)',
    );
  }
}
