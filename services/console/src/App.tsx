import { Suspense, lazy, useEffect, useState } from 'react';
import { Button, Layout, Menu, Result, Space, Spin, Tag, Typography } from 'antd';
import { api, must, session } from './api/client';
import { homeFor, mayOpen, menuFor, roleLabels, type PageKey } from './lib/menu';
import { useRoute } from './lib/hooks';
import type { SessionUser } from './lib/session';
import { LoginPage } from './pages/Login';

// Each page is its own chunk, loaded when first opened: the first load is the shell, the sign-in and
// Ant Design; ECharts comes with the first page that draws a chart.
const WindowPage = lazy(() => import('./pages/Window').then((m) => ({ default: m.WindowPage })));
const ApplicationsPage = lazy(() => import('./pages/Applications').then((m) => ({ default: m.ApplicationsPage })));
const ApplicationPage = lazy(() => import('./pages/Application').then((m) => ({ default: m.ApplicationPage })));
const StatisticsPage = lazy(() => import('./pages/Statistics').then((m) => ({ default: m.StatisticsPage })));
const EnforcementPage = lazy(() => import('./pages/Enforcement').then((m) => ({ default: m.EnforcementPage })));
const GridPage = lazy(() => import('./pages/Grid').then((m) => ({ default: m.GridPage })));
const AdminPage = lazy(() => import('./pages/Admin').then((m) => ({ default: m.AdminPage })));
const CommandPage = lazy(() => import('./pages/Command').then((m) => ({ default: m.CommandPage })));
const CasePage = lazy(() => import('./pages/Case').then((m) => ({ default: m.CasePage })));
const DispatchPage = lazy(() => import('./pages/Dispatch').then((m) => ({ default: m.DispatchPage })));

const loading = (
  <div style={{ padding: 48, textAlign: 'center' }}>
    <Spin size="large" />
  </div>
);
import { AccountPage, ForcedPasswordChangePage } from './pages/Account';

const { Header, Sider, Content } = Layout;

function useSessionUser(): SessionUser | null {
  const [user, setUser] = useState(session.user);
  useEffect(() => session.subscribe(setUser), []);
  return user;
}

/** The name of the user's jurisdiction (e.g. 浏河镇), shown beside their name. */
function useJurisdictionName(code: string | undefined): string | undefined {
  const [name, setName] = useState<string>();
  useEffect(() => {
    if (!code) return;
    must(api.GET('/api/v1/jurisdictions/{code}', { params: { path: { code } } }))
      .then((j) => setName(j.name))
      .catch(() => setName(undefined));
  }, [code]);
  return name;
}

export function App() {
  const user = useSessionUser();
  const [route, go] = useRoute();
  const jurisdiction = useJurisdictionName(user && !session.passwordChangeRequired ? user.jurisdictionCode : undefined);

  if (!user) return <LoginPage />;

  const signOut = async () => {
    await api.POST('/api/v1/auth/logout', { body: {} }).catch(() => undefined);
    session.end();
    window.location.hash = '';
  };
  if (session.passwordChangeRequired) return <ForcedPasswordChangePage onSignOut={() => void signOut()} />;

  const menu = menuFor(user.roles);
  const page = (route.page || homeFor(user.roles)) as PageKey;

  // 指挥大屏 is a screen of its own (1920×1080), without the console's header and menu.
  if (page === 'command' && mayOpen(page, user.roles)) return (
      <Suspense fallback={loading}>
        <CommandPage user={user} onExit={() => go({ page: 'account' })} />
      </Suspense>
    );

  let body;
  if (!mayOpen(page, user.roles)) body = <Result status="403" title="无权访问" subTitle="您的角色不能打开此页面" />;
  else if (page === 'applications' && route.id) body = <ApplicationPage id={route.id} user={user} />;
  else if (page === 'window') body = <WindowPage user={user} onOpen={(id) => go({ page: 'applications', id })} />;
  else if (page === 'applications') body = <ApplicationsPage onOpen={(id) => go({ page: 'applications', id })} />;
  else if (page === 'statistics') body = <StatisticsPage user={user} />;
  else if (page === 'enforcement' && route.id) body = <CasePage id={route.id} user={user} onBack={() => go({ page: 'enforcement' })} />;
  else if (page === 'enforcement') body = <EnforcementPage user={user} onOpen={(id) => go({ page: 'enforcement', id })} />;
  else if (page === 'grid') body = <GridPage user={user} />;
  else if (page === 'dispatch') body = <DispatchPage />;
  else if (page === 'admin') body = <AdminPage user={user} />;
  else body = <AccountPage />;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', background: '#8e1b1b', paddingInline: 20 }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
          一体 · 审批服务综合执法一体化平台
        </Typography.Title>
        <Space style={{ color: '#fff' }} data-testid="whoami">
          <span>{user.displayName}</span>
          <Tag color="gold">{jurisdiction ?? user.jurisdictionCode}</Tag>
          <span style={{ opacity: 0.85 }}>{roleLabels(user.roles)}</span>
          <Button size="small" onClick={() => void signOut()}>
            退出登录
          </Button>
        </Space>
      </Header>
      <Layout>
        <Sider width={180} theme="light">
          <Menu mode="inline" selectedKeys={[page]} items={menu.map((m) => ({ key: m.key, label: m.label }))} onClick={({ key }) => go({ page: key })} style={{ height: '100%' }} />
        </Sider>
        <Content style={{ padding: 16, background: '#f5f5f5' }}>
          <Suspense fallback={loading}>{body}</Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
