/**
 * End-to-end tests of the site's own pages — the home page and "How the labs work", in English and
 * Chinese — against the production build served by `astro preview` (see playwright.config.ts).
 *
 * What they keep true: each page renders its title, main heading and key content in its language;
 * the language picker lands on the translated page; Pagefind search finds a page in each locale; the
 * pages log no console error and no request fails; axe finds no accessibility violation in either
 * colour theme. Lesson and lab pages have their own specs (tests/e2e/lab-*.spec.ts).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

interface SitePage {
  path: string;
  lang: 'en' | 'zh-CN';
  title: string;
  heading: string;
  /** Text a reader must find on the page: what tells them the page did its job. */
  content: string[];
}

const pages: SitePage[] = [
  {
    path: '/',
    lang: 'en',
    title: 'Learn Go concurrency by running it | Go Concurrency Labs',
    heading: 'Learn Go concurrency by running it',
    content: [
      'Goroutines and channels',
      'Microservices',
      'Runs in your browser',
      'Checks that tell you when you are done',
      'Go and TypeScript, side by side',
    ],
  },
  {
    path: '/how-labs-work/',
    lang: 'en',
    title: 'How the labs work | Go Concurrency Labs',
    heading: 'How the labs work',
    content: [
      'The runtime: Go’s rules on one JavaScript thread',
      'Three runners, the same files',
      'What runs where',
      'What Check does',
      'Your edits are kept',
      'When a lab cannot start',
    ],
  },
  {
    path: '/zh-cn/',
    lang: 'zh-CN',
    title: '在浏览器里动手学 Go 并发 | Go 并发实验室',
    heading: '在浏览器里动手学 Go 并发',
    content: ['goroutine 与 channel', '微服务', '打开网页就能跑', '写完就能检查', '左边 Go，右边 TypeScript'],
  },
  {
    path: '/zh-cn/how-labs-work/',
    lang: 'zh-CN',
    title: '实验是怎么运行的 | Go 并发实验室',
    heading: '实验是怎么运行的',
    content: [
      '运行时：单线程上的 Go 规则',
      '三种运行器，同一份文件',
      '代码在哪里执行',
      '“检查”做了什么',
      '你的代码不会丢',
      '实验启动不了怎么办',
    ],
  },
];

/**
 * Records everything a reader would see go wrong in the console or the network panel while the test
 * uses the page: console errors, uncaught exceptions, failed requests and HTTP error statuses.
 */
function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught exception: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? 'unknown error'})`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

/** Axe's findings reduced to what a reader of a failing test needs: the rule and where it failed. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'unknown impact'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

for (const sitePage of pages) {
  test.describe(`the page ${sitePage.path}`, () => {
    test('renders its title, main heading and key content in its language', async ({ page }) => {
      await page.goto(sitePage.path);
      await expect(page).toHaveTitle(sitePage.title);
      await expect(page.locator('html')).toHaveAttribute('lang', sitePage.lang);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(sitePage.heading);
      for (const text of sitePage.content) {
        // The same words may also sit in a collapsed table of contents: look for a visible copy.
        await expect(page.getByText(text, { exact: true }).filter({ visible: true }).first()).toBeVisible();
      }
    });

    test('loads without console errors or failed requests', async ({ page }) => {
      const problems = watchForProblems(page);
      await page.goto(sitePage.path);
      // Starlight starts loading the search UI when the browser is idle: wait for it, so a failure
      // there counts too.
      await page.waitForLoadState('networkidle');
      expect(problems).toEqual([]);
    });

    for (const theme of ['dark', 'light'] as const) {
      test(`has no accessibility violations in the ${theme} theme`, async ({ page }) => {
        await page.emulateMedia({ colorScheme: theme });
        await page.goto(sitePage.path);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        expect(await accessibilityViolations(page)).toEqual([]);
      });
    }
  });
}

test.describe('the language picker', () => {
  test('switches from English to 简体中文 and lands on the translated page', async ({ page }) => {
    await page.goto('/how-labs-work/');
    await page.getByRole('combobox', { name: 'Select language' }).selectOption({ label: '简体中文' });
    await expect(page).toHaveURL('/zh-cn/how-labs-work/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('实验是怎么运行的');
  });

  test('switches from 简体中文 back to English and lands on the original page', async ({ page }) => {
    await page.goto('/zh-cn/');
    await page.getByRole('combobox', { name: '选择语言' }).selectOption({ label: 'English' });
    await expect(page).toHaveURL('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Learn Go concurrency by running it');
  });
});

test.describe('the language picker on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  // Starlight keeps the pickers in the sidebar's menu on a phone; the home page has no sidebar.
  test('stays in the header of the home page and switches to 简体中文', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('combobox', { name: 'Select language' }).selectOption({ label: '简体中文' });
    await expect(page).toHaveURL('/zh-cn/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('在浏览器里动手学 Go 并发');
  });

  for (const width of [320, 390]) {
    test(`leaves the whole site title readable next to it at ${width} px`, async ({ page }) => {
      await page.setViewportSize({ width, height: 844 });
      await page.goto('/');
      // The title's box shrinks and clips its text, so compare where the text ends with where the box ends.
      const [textEnd, boxEnd] = await page.locator('header .site-title').evaluate((title) => {
        const text = document.createRange();
        text.selectNodeContents(title);
        return [text.getBoundingClientRect().right, title.parentElement?.getBoundingClientRect().right ?? 0];
      });
      expect(textEnd).toBeLessThanOrEqual(boxEnd);
    });
  }
});

test.describe('search', () => {
  const searches = [
    {
      from: '/',
      button: 'Search',
      query: 'WebContainer',
      result: 'How the labs work',
      href: '/how-labs-work/',
      // The results heading, in the page's language (src/content/i18n/zh-CN.json on Chinese pages).
      heading: /^\d+ results? for WebContainer$/,
    },
    {
      from: '/zh-cn/',
      button: '搜索',
      query: 'WebContainer',
      result: '实验是怎么运行的',
      href: '/zh-cn/how-labs-work/',
      heading: /^找到 \d+ 个 WebContainer 的结果$/,
    },
  ];
  for (const s of searches) {
    test(`from ${s.from} finds “${s.result}” in the same language`, async ({ page }) => {
      await page.goto(s.from);
      await page.getByRole('button', { name: s.button }).click();
      const dialog = page.getByRole('dialog', { name: s.button });
      await dialog.getByRole('textbox', { name: s.button }).fill(s.query);
      const hit = dialog.locator('a.pagefind-ui__result-link', { hasText: s.result }).first();
      await expect(hit).toHaveAttribute('href', s.href);
      await expect(dialog.locator('.pagefind-ui__message')).toHaveText(s.heading);
      // Pagefind keeps one index per language: a query from one locale never lists the other's pages.
      const hrefs = await dialog
        .locator('a.pagefind-ui__result-link')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
      expect(hrefs.every((href) => href.startsWith('/zh-cn/') === s.from.startsWith('/zh-cn/'))).toBe(true);
    });
  }
});

test.describe('the home page', () => {
  test('sends the reader to “How the labs work” and to the first lesson', async ({ page, request }) => {
    await page.goto('/');
    const actions = page.locator('.hero .actions a');
    await expect(actions).toHaveCount(2);
    await expect(actions.nth(0)).toHaveAttribute('href', '/how-labs-work/');
    await expect(actions.nth(1)).toHaveAttribute('href', '/concurrency/goroutines/');
    for (const link of await actions.all()) {
      const href = (await link.getAttribute('href')) ?? '';
      expect((await request.get(href)).status(), `${href} exists`).toBe(200);
    }
  });

  test('in Chinese sends the reader to the Chinese pages', async ({ page, request }) => {
    await page.goto('/zh-cn/');
    const actions = page.locator('.hero .actions a');
    await expect(actions.nth(0)).toHaveAttribute('href', '/zh-cn/how-labs-work/');
    await expect(actions.nth(1)).toHaveAttribute('href', '/zh-cn/concurrency/goroutines/');
    for (const link of await actions.all()) {
      const href = (await link.getAttribute('href')) ?? '';
      expect((await request.get(href)).status(), `${href} exists`).toBe(200);
    }
  });

  const idioms = [
    { path: '/', headers: ['Go', 'TypeScript in the lab', 'What it does'], first: 'start a goroutine' },
    { path: '/zh-cn/', headers: ['Go', '实验里的 TypeScript', '作用'], first: '启动 goroutine' },
  ];
  for (const { path, headers, first } of idioms) {
    test(`at ${path} puts Go idioms next to their TypeScript spelling`, async ({ page }) => {
      await page.goto(path);
      const table = page.getByRole('table');
      await expect(table.getByRole('columnheader')).toHaveText(headers);
      await expect(table.getByRole('row').nth(1).getByRole('cell')).toHaveText(['go f()', 'go(f)', first]);
    });
  }
});

test.describe('our translations of Starlight’s interface', () => {
  test('label heading anchor links in Chinese on Chinese pages', async ({ page }) => {
    await page.goto('/zh-cn/how-labs-work/');
    await expect(page.locator('a.sl-anchor-link').first()).toHaveAccessibleName(
      '“运行时：单线程上的 Go 规则”一节',
    );
  });

  test('keep the English anchor labels on English pages', async ({ page }) => {
    await page.goto('/how-labs-work/');
    await expect(page.locator('a.sl-anchor-link').first()).toHaveAccessibleName(
      'Section titled “The runtime: Go’s rules on one JavaScript thread”',
    );
  });
});
