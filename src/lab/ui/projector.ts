/**
 * The mark projector mode (view.ts) puts on `<html>` while a lab on the page is in it: the editor
 * (monaco.ts) and the terminal (terminal.ts) watch it and switch to white-on-black colours, as the
 * lab's own projector styles do (lab-client.css). One module so all three spell it the same.
 */
export const PROJECTOR_ATTRIBUTE = 'data-gcl-projector';
