import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD, TEST_PASSWORD, bearer, login, residentId, startPlatform, type RunningPlatform } from '@yiti/testing';
import { dispatchCounty, hotlineTicket } from './command-dispatch-fixtures';

/**
 * The web console in a real browser (Debian's Chromium driven by playwright-core) against the
 * platform: the gateway serves the built console at `/`. A clerk registers an application, asks for
 * 补正, records the resubmission and accepts; an approver approves; the clerk issues the certificate;
 * a clerk of another town cannot open it. Screenshots of the main pages, at 1366×768, go to
 * test-output/console/.
 */

const REPO_ROOT = resolve(__dirname, '..', '..');
const CONSOLE_SRC = join(REPO_ROOT, 'services', 'console');
const CONSOLE_DIST = join(REPO_ROOT, 'dist', 'console');
const SHOTS = join(REPO_ROOT, 'test-output', 'console');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LIUHE = '320585102';

function newest(dir: string): number {
  let latest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    latest = Math.max(latest, stat.isDirectory() ? newest(path) : stat.mtimeMs);
  }
  return latest;
}

/** Builds the console when dist/console is missing or older than its sources. */
function ensureConsoleBuilt(): void {
  const index = join(CONSOLE_DIST, 'index.html');
  const stale = !existsSync(index) || statSync(index).mtimeMs < Math.max(newest(join(CONSOLE_SRC, 'src')), statSync(join(CONSOLE_SRC, 'index.html')).mtimeMs);
  // NODE_ENV is 'test' under jest; Vite would take it and build React and Ant Design for development.
  if (stale) execFileSync('npm', ['run', 'console:build'], { cwd: REPO_ROOT, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'production' } });
}

describe('the web console, in a real browser', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  const browserErrors: string[] = [];

  /** A fresh browser profile per person: the session lives in the page's memory only. */
  const signIn = async (username: string, password = DEMO_PASSWORD, viewport = { width: 1366, height: 768 }): Promise<Page> => {
    const context = await browser.newContext({ viewport, locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('console', (msg) => {
      if (msg.type() === 'error') browserErrors.push(msg.text());
    });
    page.on('pageerror', (error) => browserErrors.push(error.message));
    await page.goto(`${base}/`);
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(password);
    await page.locator('#password').press('Enter');
    await page.getByTestId('whoami').or(page.getByTestId('command-centre')).or(page.getByTestId('forced-password-change')).waitFor();
    return page;
  };
  const open = async (page: Page, hash: string) => {
    await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
  };
  /** A screenshot once nothing loads any more and the charts' animations have ended. */
  const shot = async (page: Page, name: string) => {
    // (Not waitForFunction: it evaluates a string in the page, which the console's CSP forbids.)
    for (let i = 0; i < 100 && (await page.locator('.ant-spin-spinning').count()) > 0; i++) await page.waitForTimeout(100);
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  };
  const waitForStatus = (page: Page, label: string) => page.getByTestId('status').filter({ hasText: label }).waitFor();
  const confirmModal = async (page: Page) => {
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ensureConsoleBuilt();
    platform = await startPlatform({ CONSOLE_DIR: CONSOLE_DIST });
    base = `http://127.0.0.1:${(platform.gateway.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Playwright gives every launch a new empty profile (its own --user-data-dir).
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await platform?.close();
  });

  it('serves the console at / under the strict CSP, its hashed assets cacheable, the API docs still at /docs', async () => {
    const index = await platform.http().get('/');
    expect({ status: index.status, text: index.text.slice(0, 600) }).toMatchObject({ status: 200 });
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['cache-control']).toBe('no-store');
    expect(index.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index.text)?.[1];
    expect(asset).toBeDefined();
    const script = await platform.http().get(asset as string);
    expect(script.status).toBe(200);
    expect(script.headers['cache-control']).toContain('immutable');
    expect((await platform.http().get('/docs/openapi.json')).status).toBe(200);
    expect((await platform.http().get('/api/v1/auth/me')).status).toBe(401);
  });

  it('takes an application from the window through 补正, acceptance, approval and the certificate; another town cannot open it', async () => {
    const clerkToken = await login(platform, 'liuhe.clerk');
    const powers = await platform.http().get('/api/v1/town-powers').set(bearer(clerkToken)).query({ townCode: LIUHE });
    const item = (powers.body as { itemId: string; itemName: string; kind: string }[]).find((p) => p.kind === 'licensing');
    expect(item).toBeDefined();
    const detail = await platform.http().get(`/api/v1/catalog-items/${item?.itemId}`).set(bearer(clerkToken));
    const required = (detail.body.materials as { name: string; required: boolean }[]).filter((m) => m.required).map((m) => m.name);
    expect(required.length).toBeGreaterThan(1);
    const [firstMissing, ...brought] = required as [string, ...string[]];

    // Sign-in: a wrong password is told in plain Chinese.
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    contexts.push(context);
    const loginPage = await context.newPage();
    await loginPage.goto(`${base}/`);
    await loginPage.locator('#username').fill('liuhe.clerk');
    await loginPage.locator('#password').fill('wrong-password-1');
    await loginPage.locator('#password').press('Enter');
    await loginPage.getByTestId('login-error').filter({ hasText: '用户名或密码错误' }).waitFor();
    await shot(loginPage, 'login');

    // The clerk lands on the window, with her name, her town and only her menu.
    const clerk = await signIn('liuhe.clerk');
    await clerk.getByTestId('whoami').filter({ hasText: '浏河镇' }).waitFor();
    const menu = await clerk.locator('.ant-menu-item').allInnerTexts();
    expect(menu).toEqual(['窗口受理', '审批办件', '办件统计', '账号与密码']);

    // Register: the item, the checklist (one required material missing, named), the applicant.
    await clerk.locator('#item').click();
    await clerk.locator('#item').fill(item?.itemName as string);
    await clerk.locator('.ant-select-item-option', { hasText: item?.itemName as string }).first().click();
    for (const name of brought) await clerk.getByTestId('materials').locator('label', { hasText: name }).first().click();
    await clerk.getByTestId('missing').filter({ hasText: firstMissing }).waitFor();
    expect(await clerk.getByRole('button', { name: /当场受理/ }).isDisabled()).toBe(true);
    await clerk.locator('#applicant-name').fill('王浏河');
    await clerk.locator('#applicant-id').fill(residentId());
    await clerk.locator('#applicant-phone').fill('13912345678');
    await shot(clerk, 'window');
    await clerk.getByRole('button', { name: /登记收件/ }).click();
    await clerk.waitForURL(/#\/applications\/[0-9a-f-]+$/);
    const id = decodeURIComponent(clerk.url().split('/').pop() as string);
    await waitForStatus(clerk, '已收件');

    // 补正: every missing material at once, prefilled; then the applicant brings it.
    await clerk.getByRole('button', { name: /一次性告知补正/ }).click();
    await confirmModal(clerk);
    await waitForStatus(clerk, '待补正');
    await clerk.getByRole('button', { name: /补正材料/ }).click();
    await clerk.locator('.ant-modal .ant-checkbox-wrapper', { hasText: firstMissing }).click();
    await confirmModal(clerk);
    await waitForStatus(clerk, '已收件');
    await clerk.getByRole('button', { name: /^受\s*理$/ }).click();
    await confirmModal(clerk);
    await waitForStatus(clerk, '已受理');
    await clerk.getByTestId('timeline').filter({ hasText: '一次性告知补正' }).waitFor();
    await shot(clerk, 'application');

    // The acceptance notice opens for printing, from memory, in a new window.
    const [printed] = await Promise.all([clerk.context().waitForEvent('page'), clerk.locator('.ant-list-item', { hasText: '受理通知书' }).getByText('打印').click()]);
    await printed.waitForURL(/^blob:/);
    await printed.getByText('受理通知书').first().waitFor();
    await printed.close();

    // The approver approves from the applications list.
    const approver = await signIn('liuhe.approver');
    await approver.locator('.ant-table-row', { hasText: '王浏河' }).first().waitFor();
    await shot(approver, 'applications');
    await open(approver, `#/applications/${id}`);
    await approver.getByRole('button', { name: /准予许可/ }).click();
    await approver.locator('.ant-modal textarea').fill('符合法定条件');
    await confirmModal(approver);
    await waitForStatus(approver, '准予许可');

    // Back at the window, the clerk issues the certificate.
    await open(clerk, '#/window');
    await open(clerk, `#/applications/${id}`);
    await clerk.getByRole('button', { name: /颁发证件/ }).click();
    await confirmModal(clerk);
    await waitForStatus(clerk, '已发证');
    const stored = await platform.http().get(`/api/v1/applications/${id}`).set(bearer(clerkToken));
    expect(stored.body).toMatchObject({ status: 'certificate_issued' });
    expect(await clerk.locator('.ant-descriptions').innerText()).toContain(stored.body.certificateNo);

    // A clerk of another town cannot open it: told plainly, nothing shown.
    const other = await signIn('chengxiang.clerk');
    await open(other, `#/applications/${id}`);
    await other.getByTestId('app-error').filter({ hasText: '不在您的管辖范围内' }).waitFor();
    expect(await other.locator('body').innerText()).not.toContain('王浏河');

    // Tokens live in the page's memory only: nothing in the browser's storage or cookies.
    expect(await clerk.evaluate('localStorage.length + sessionStorage.length')).toBe(0);
    expect(await clerk.context().cookies()).toEqual([]);

    // Sign-out ends the session: the login form is back.
    await clerk.getByRole('button', { name: /退出登录/ }).click();
    await clerk.locator('#username').waitFor();
  }, 120_000);

  it('makes a user created with 首次登录须修改密码 set a password before the console opens', async () => {
    const adminToken = await login(platform, 'taicang.admin');
    const clerk = await platform.http().get('/api/v1/users').set(bearer(adminToken)).query({ q: 'liuhe.clerk', pageSize: 1 });
    const username = `liuhe.new${Date.now() % 1_000_000}`;
    const created = await platform.http().post('/api/v1/users').set(bearer(adminToken)).send({ username, displayName: '新窗口人员', password: TEST_PASSWORD, organisationId: clerk.body.items[0].organisationId, roles: ['window_clerk'], requirePasswordChange: true });
    expect(created.status).toBe(201);

    const page = await signIn(username, TEST_PASSWORD);
    await page.getByTestId('forced-password-change').waitFor();
    expect(await page.getByTestId('whoami').count()).toBe(0);
    await page.locator('#currentPassword').fill(TEST_PASSWORD);
    await page.locator('#newPassword').fill('onlyletters-here');
    await page.locator('#confirmPassword').fill('onlyletters-here');
    await page.getByRole('button', { name: /修改密码并进入系统/ }).click();
    await page.getByText('新密码须包含数字').waitFor();
    await shot(page, 'password-change');
    await page.locator('#newPassword').fill('Mine-2026-pass');
    await page.locator('#confirmPassword').fill('Mine-2026-pass');
    await page.getByRole('button', { name: /修改密码并进入系统/ }).click();
    // The renewed tokens carry no flag: the console opens on the clerk's window.
    await page.getByTestId('whoami').filter({ hasText: '新窗口人员' }).waitFor();
    expect(await page.locator('.ant-menu-item').allInnerTexts()).toContain('窗口受理');
    expect((await platform.http().post('/api/v1/auth/login').send({ username, password: 'Mine-2026-pass' })).body.passwordChangeRequired).toBe(false);
  });

  it('shows the back office\'s statistics, the grid map and the other main pages', async () => {
    const leader = await signIn('liuhe.leader');
    await open(leader, '#/statistics');
    await leader.getByTestId('stats-chart').locator('canvas').waitFor();
    await shot(leader, 'statistics');
    await open(leader, '#/grid');
    await leader.getByTestId('grid-map').locator('canvas').waitFor();
    await leader.locator('.ant-table-row').first().click();
    await leader.waitForTimeout(300);
    await shot(leader, 'grid');

    const officer = await signIn('liuhe.officer');
    expect(await officer.locator('.ant-menu-item').allInnerTexts()).toEqual(['综合执法', '账号与密码']);
    await officer.getByRole('tab', { name: '当场处罚' }).click();
    await officer.getByText('简易程序:对公民罚款不超过 200 元').waitFor();
    await shot(officer, 'enforcement');

    // A case's page: its stage and the officer's next steps (拟立案 asks for the item and the date).
    const officerToken = await login(platform, 'liuhe.officer');
    const clue = await platform.http().post('/api/v1/enforcement/clues').set(bearer(officerToken)).send({ townCode: LIUHE, source: 'complaint', summary: '群众投诉新闸路商铺占道经营', party: { kind: 'person', name: '钱当事', idNumber: residentId(), phone: '13612345678' } });
    expect(clue.status).toBe(201);
    await open(officer, `#/enforcement/${clue.body.id}`);
    await officer.getByTestId('case-status').waitFor();
    await shot(officer, 'case');
    await officer.getByRole('button', { name: '拟立案' }).click();
    await officer.locator('.ant-modal').getByText('违法行为日期').waitFor();
    await officer.locator('.ant-modal-footer').getByRole('button', { name: /取\s?消/ }).click();

    const admin = await signIn('taicang.admin');
    await open(admin, '#/admin');
    await admin.locator('.ant-table-row').first().waitFor();
    await shot(admin, 'admin');

    // Nothing the console did broke its CSP or threw.
    expect(browserErrors.filter((e) => /Content Security Policy|TypeError|ReferenceError/.test(e))).toEqual([]);
  }, 120_000);

  it('shows a 12345 ticket on the dispatcher\'s command-centre screen (1920×1080) as it comes in, without a reload', async () => {
    const d = await dispatchCounty(platform);
    const dispatcher = await signIn(d.dispatcher.username, TEST_PASSWORD, { width: 1920, height: 1080 });
    await open(dispatcher, '#/command');
    await dispatcher.getByTestId('feed-state').filter({ hasText: '实时' }).waitFor();
    await dispatcher.getByTestId('chart-status').locator('canvas').waitFor();
    // Let the stream take its starting position before the ticket comes in.
    await dispatcher.waitForTimeout(700);
    const posted = await platform.http().post('/api/v1/channels/hotline_12345/tickets').set({ Authorization: d.hotline }).send(hotlineTicket(d.county.townA));
    expect(posted.status).toBe(200);
    const order = await platform.http().get(`/api/v1/work-orders/${posted.body.workOrderId}`).set(bearer(d.dispatcher.token));
    // The screen shows the number without its county prefix (GD<county>-), the full one on hover.
    const orderNo = (order.body.orderNo as string).replace(/^GD\d{6}-/, '');
    await dispatcher.getByTestId('feed-item').filter({ hasText: orderNo }).filter({ hasText: '受理' }).waitFor();
    await dispatcher.getByTestId('feed-item').filter({ hasText: orderNo }).filter({ hasText: '派遣' }).waitFor();
    expect(await dispatcher.getByTestId('feed-item').filter({ hasText: orderNo }).first().innerText()).toContain('12345热线');
    // The figures follow the feed: today's intake counts the ticket.
    await dispatcher.getByTestId('figure-today').filter({ hasText: /^今日受理\s*1$/ }).waitFor();

    // Orders with a location appear on the map of today's orders; one no duty list covers waits for a dispatcher.
    const located = [
      { lng: 121.1, lat: 31.5 },
      { lng: 121.16, lat: 31.47 },
      { lng: 121.05, lat: 31.43 },
    ];
    for (const location of located) await platform.http().post('/api/v1/channels/hotline_12345/tickets').set({ Authorization: d.hotline }).send(hotlineTicket(d.county.townA, { location }));
    const waiting = await platform.http().post('/api/v1/channels/hotline_12345/tickets').set({ Authorization: d.hotline }).send(hotlineTicket(d.county.townA, { category: '12345.housing', title: '楼道灯不亮', location: { lng: 121.12, lat: 31.46 } }));
    const waitingNo = (await platform.http().get(`/api/v1/work-orders/${waiting.body.workOrderId}`).set(bearer(d.dispatcher.token))).body.orderNo as string;
    await dispatcher.getByTestId('figure-today').filter({ hasText: /^今日受理\s*5$/ }).waitFor();
    await shot(dispatcher, 'command-centre');

    // 调度台: the dispatcher routes the waiting order to a unit found by name.
    const desk = await signIn(d.dispatcher.username, TEST_PASSWORD);
    await open(desk, '#/dispatch');
    const row = desk.getByTestId('desk-queue').locator('.ant-table-row', { hasText: waitingNo });
    await row.waitFor();
    await shot(desk, 'dispatch');
    await row.getByRole('button', { name: /派\s?遣/ }).click();
    await desk.getByTestId('desk-submit').click();
    await desk.getByText('请选择承办单位').waitFor();
    await desk.locator('#unitId').click();
    await desk.locator('#unitId').fill('甲镇城市');
    await desk.locator('.ant-select-item-option', { hasText: d.unitA.name }).click();
    await desk.getByText('请选择承办单位').waitFor({ state: 'detached' });
    await shot(desk, 'dispatch-route');
    await desk.getByTestId('desk-submit').click();
    await desk.locator('.ant-modal').waitFor({ state: 'detached' });
    await row.waitFor({ state: 'detached' });
    const routed = await platform.http().get(`/api/v1/work-orders/${waiting.body.workOrderId}`).set(bearer(d.dispatcher.token));
    expect(routed.body).toMatchObject({ status: 'dispatched', unitId: d.unitA.id });
    expect(browserErrors.filter((e) => /Content Security Policy|TypeError|ReferenceError/.test(e))).toEqual([]);
  }, 120_000);
});
