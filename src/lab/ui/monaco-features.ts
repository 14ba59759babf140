/**
 * The editor features the lab turns on, in place of Monaco's `features/register.all` (73 of them).
 *
 * A lab edits short TypeScript files: it needs completions (suggest, with snippets), hover and
 * parameter hints for the gort/gomesh APIs, the error list (markers, F8), find, comments,
 * line and word editing, multiple cursors, bracket matching and the occurrence highlight the themes
 * colour; the solution view needs the diff editor and its read-only message; keyboard users need
 * the tab-focus toggle (Ctrl+M) and the accessibility help (Alt+F1). Left out on purpose: code
 * lenses, colour pickers, inlay hints, inline completions, sticky scroll, folding, links, drag and
 * drop, rename and go-to-symbol pickers — features a ten-line exercise never shows, each a module
 * graph of its own.
 * Invariant: Monaco's TypeScript worker manager no longer pulls in all features either
 * (monaco-slim-plugin.mjs points its `internal/common/workers.js` at monaco-web-worker.ts).
 */
import 'monaco-editor/features/codeEditor/register';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/diffEditor/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/parameterHints/register';
import 'monaco-editor/features/quickHelp/register';
import 'monaco-editor/features/readOnlyMessage/register';
import 'monaco-editor/features/smartSelect/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/suggest/register';
// The suggest widget itself: features/suggest/register only adds suggestions as inline completions.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/features/toggleTabFocusMode/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/wordOperations/register';
