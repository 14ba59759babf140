// Local test only: the project's config plus the lab's lazy-CSS plugin (proposed for astro.config.mjs).
import base from '/work/main/astro.config.mjs';
import { lazyLabCss } from '/work/main/src/lab/ui/lazy-css-plugin.mjs';
export default { ...base, root: '/work/main', vite: { ...base.vite, plugins: [...(base.vite?.plugins ?? []), lazyLabCss()] } };
