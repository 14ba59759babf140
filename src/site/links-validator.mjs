// @ts-check
/**
 * How the site checks its own links: starlight-links-validator, as a Starlight plugin, reads every
 * internal link and heading anchor of both locales' pages (Markdown, MDX, `<LinkCard>`/`<LinkButton>`
 * and hero actions) and fails `astro build` on one that leads nowhere, naming the page and the link.
 * astro.config.mjs registers it; tests/site/links-validator.test.ts builds a small fixture site with
 * the same plugin and watches the build fail on each kind of broken link.
 *
 * Beyond the plugin's defaults (a missing page, a missing heading anchor, a relative link, a link to
 * localhost), a page must link within its own locale: a Chinese page that sends the reader to an
 * English lesson is as broken, for that reader, as one that sends them nowhere.
 *
 * One exception: the API reference is generated in English only, so a Chinese page may link to
 * /zh-cn/api/… (Starlight's fallback of the English page) when that English page was generated.
 *
 * Not checked here: links a component builds at render time (the glossary's lesson links; its
 * component fails the build on a missing lesson itself) and links to other sites.
 */

import starlightLinksValidator from 'starlight-links-validator';
import { apiFallbackLinks } from './api-reference.mjs';

/** @returns {import('@astrojs/starlight/types').StarlightPlugin} */
export function linksValidator() {
  return starlightLinksValidator({
    errorOnInconsistentLocale: true,
    // The one kind of link into a page that exists only in English: a Chinese page's link into the
    // API reference (generated in English; Starlight serves /zh-cn/api/… as its fallback), accepted
    // only when that English page was generated (src/site/api-reference.mjs).
    exclude: apiFallbackLinks(),
  });
}
