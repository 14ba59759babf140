// @ts-check
/**
 * Expressive Code options for every code block: lessons' Markdown and the `<Code>` component that the
 * lab and GoSideBySide render. They live here, not in astro.config.mjs, because `<Code>` needs them
 * as a module (Starlight refuses non-serializable options in the Astro config).
 * deferLongBlocks must come last: it moves the other plugins' finished lines into a template.
 */
import { defineEcConfig } from '@astrojs/starlight/expressive-code';
import { codeBlockSize } from './src/site/ec-block-size.ts';
import { deferLongBlocks } from './src/site/ec-deferred.ts';
import { dropForegroundTokenSpans } from './src/site/ec-foreground-spans.ts';

export default defineEcConfig({ plugins: [dropForegroundTokenSpans(), codeBlockSize(), deferLongBlocks()] });
