import { z } from 'astro/zod';

/**
 * The site's own UI strings (beyond Starlight's), one JSON file per locale in src/content/i18n/.
 * Every key is required in every locale file; tests/e2e checks both locales render them.
 */
export const uiStrings = z
  .object({
    'lab.placeholder': z.string(),
  })
  .partial();
