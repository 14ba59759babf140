/**
 * The server preview panel in a real browser. The WebContainer cannot boot here, so the panel
 * (src/lab/ui/preview.ts, bundled by esbuild as the client bundles it) is driven directly, the
 * way the view drives it from the store's `preview`, and the "server" is a routed fake origin that
 * answers with the path it was asked for. Everything is done with the keyboard, and axe checks it.
 */
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { build } from 'esbuild';

const PAGE = 'http://lab.test/';
const SERVER = 'http://preview.test';

/** The panel module and the translator, exposed on `window.gclPreview`. */
async function panelBundle(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `
        import { createPreviewPanel } from './src/lab/ui/preview.ts';
        import { translator } from './src/lab/ui/i18n.ts';
        window.gclPreview = { createPreviewPanel, translator };
      `,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    write: false,
  });
  return result.outputFiles[0]?.text ?? '';
}

/**
 * Opens a page shaped like a lesson (h1, h2, the lab's h3) with the panel showing the users service
 * in `locale`, and a Run button for the focus to return to.
 */
async function openPanel(page: Page, locale: 'en' | 'zh-cn' = 'en'): Promise<void> {
  const script = await panelBundle();
  await page.route(`${PAGE}**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="${locale === 'en' ? 'en' : 'zh-CN'}"><head><title>Lab</title></head>
        <body><main><h1>Lesson</h1><h2>Try it</h2><h3>Lab</h3><button type="button" id="run">Run</button><div id="host"></div></main>
        <script>${script}</script></body></html>`,
    }),
  );
  await page.route(`${SERVER}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      // The learner's server answers; a well-formed page, so axe judges only the panel around it.
      body: `<!doctype html><html lang="en"><title>users</title><main><h1>users</h1><p>users ${new URL(route.request().url()).pathname}</p></main></html>`,
    }),
  );
  await page.goto(PAGE);
  await page.evaluate(
    ({ server, lang }) => {
      const api = (
        window as unknown as {
          gclPreview: typeof import('../../src/lab/ui/preview.ts') &
            typeof import('../../src/lab/ui/i18n.ts');
        }
      ).gclPreview;
      const panel = api.createPreviewPanel({
        t: api.translator(lang),
        onClose: () => panel.render(null),
        restoreFocus: () => document.getElementById('run')?.focus(),
      });
      document.getElementById('host')?.append(panel.element);
      panel.render({ port: 8080, url: server }, 'users');
    },
    { server: SERVER, lang: locale },
  );
}

test('the preview shows the server, navigates to a path, and closes, all from the keyboard', async ({
  page,
}) => {
  await openPanel(page);
  const panel = page.getByRole('region', { name: 'Preview' });
  const frame = page.frameLocator('iframe[title="Preview of the users service on port 8080"]');
  await expect(frame.locator('p')).toHaveText('users /');
  await expect(panel.locator('[data-gcl-preview-url]')).toHaveText(SERVER);
  const open = panel.getByRole('link', { name: 'Open in a new tab' });
  await expect(open).toHaveAttribute('target', '_blank');
  await expect(open).toHaveAttribute('rel', /noopener/);

  // Tab order: Run, the new-tab link, Close, the path field, Go.
  await page.locator('#run').focus();
  await page.keyboard.press('Tab');
  await expect(open).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(panel.getByRole('button', { name: 'Close preview' })).toBeFocused();
  await page.keyboard.press('Tab');
  const path = panel.getByRole('textbox', { name: 'Path in the preview' });
  await expect(path).toBeFocused();
  await expect(path).toHaveValue('/');

  await path.fill('/users/2');
  await page.keyboard.press('Enter');
  await expect(frame.locator('p')).toHaveText('users /users/2');
  await expect(panel.locator('[data-gcl-preview-url]')).toHaveText(`${SERVER}/users/2`);
  await expect(open).toHaveAttribute('href', `${SERVER}/users/2`);

  // A path that would leave the server is refused with a message; the preview stays where it was.
  await path.fill('//example.com/');
  await page.keyboard.press('Tab');
  await expect(panel.getByRole('button', { name: 'Go' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(panel.getByText('Enter a path on this server, such as /users/2.')).toBeVisible();
  await expect(path).toHaveAttribute('aria-invalid', 'true');
  await expect(frame.locator('p')).toHaveText('users /users/2');

  const { violations } = await new AxeBuilder({ page }).include('[data-gcl-preview]').analyze();
  expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  await panel.getByRole('button', { name: 'Close preview' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-gcl-preview]')).toBeHidden();
  await expect(page.locator('iframe')).toHaveCount(0);
  await expect(page.locator('#run')).toBeFocused();
});

test('the preview speaks Chinese on Chinese pages', async ({ page }) => {
  await openPanel(page, 'zh-cn');
  const panel = page.getByRole('region', { name: '预览' });
  await expect(panel.locator('iframe')).toHaveAttribute('title', 'users 服务（端口 8080）的预览');
  await expect(panel.getByRole('link', { name: '在新标签页中打开' })).toBeVisible();
  await expect(panel.getByRole('textbox', { name: '预览中的路径' })).toHaveValue('/');
  await expect(panel.getByRole('button', { name: '前往' })).toBeVisible();
  await expect(panel.getByRole('button', { name: '关闭预览' })).toBeVisible();
});
