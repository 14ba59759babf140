/**
 * The event a script dispatches (bubbling) on an element to have the deferred code blocks inside it
 * drawn at once (src/site/ec-deferred.ts). Its own module so that browser code can name it without
 * importing the Expressive Code plugin.
 */
export const DRAW_EVENT = 'gcl-draw-code';
