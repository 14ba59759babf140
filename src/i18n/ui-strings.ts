import { z } from 'astro/zod';

/**
 * The i18n collection's schema: Starlight's UI strings plus the site's own keys declared here.
 *
 * The files live in src/content/i18n/ and are named after each locale's BCP-47 `lang`, not its URL
 * segment: `en.json` and `zh-CN.json` (Starlight looks translations up by `lang`; a `zh-cn.json` would
 * be silently ignored). A file only lists what differs from Starlight's built-in translation for that
 * language, e.g. zh-CN.json translates `heading.anchorLabel`, which Starlight 0.42 ships in English
 * only. The site declares no keys of its own yet: the lab UI keeps its strings next to its code, typed
 * so a missing translation fails the typecheck. A key added here must be added to every locale file.
 */
export const uiStrings = z.object({});
