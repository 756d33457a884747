/**
 * The web UI's entry: the routes. The catalog (and the page frame with who is signed
 * in) loads with the first bundle; the server page, my connections and tokens, and
 * the console load on demand, so the catalog's JavaScript stays small.
 */
import { lazy, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import CatalogPage from './catalog/CatalogPage.js';
import Layout from './Layout.js';
import NotFoundPage from './NotFoundPage.js';
import './styles.css';

const ServerPage = lazy(() => import('./server/ServerPage.js'));
const ConsoleLayout = lazy(() => import('./admin/ConsoleLayout.js'));
const SignInPage = lazy(() => import('./admin/SignInPage.js'));
const SourcesPage = lazy(() => import('./admin/SourcesPage.js'));
const AuditLogPage = lazy(() => import('./admin/AuditLogPage.js'));
const DriftAlertsPage = lazy(() => import('./inventory/DriftAlertsPage.js'));
const AttentionPage = lazy(() => import('./governance/attention/AttentionPage.js'));
const WebhookDeliveriesPage = lazy(() => import('./governance/notify/WebhookDeliveriesPage.js'));
const UsagePage = lazy(() => import('./gateway/UsagePage.js'));
const GatewayCallsPage = lazy(() => import('./gateway/GatewayCallsPage.js'));
const HostedInstancesPage = lazy(() => import('./hosting/HostedInstancesPage.js'));
const AccessRulesPage = lazy(() => import('./access/AccessRulesPage.js'));
const ExplainPage = lazy(() => import('./access/ExplainPage.js'));
const AccessChangesPage = lazy(() => import('./access/AccessChangesPage.js'));
const UsersPage = lazy(() => import('./people/UsersPage.js'));
const GroupsPage = lazy(() => import('./people/GroupsPage.js'));
const TokensPage = lazy(() => import('./people/TokensPage.js'));
const MyConnectionsPage = lazy(() => import('./me/MyConnectionsPage.js'));
const MyTokensPage = lazy(() => import('./me/MyTokensPage.js'));
const ModerationQueuePage = lazy(() => import('./governance/moderate/ModerationQueuePage.js'));
const ReviewQueuePage = lazy(() => import('./governance/review/ReviewQueuePage.js'));

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <CatalogPage /> },
      { path: 'servers/*', element: <ServerPage /> },
      { path: 'me/connections', element: <MyConnectionsPage /> },
      { path: 'me/tokens', element: <MyTokensPage /> },
      { path: 'console/sign-in', element: <SignInPage /> },
      {
        path: 'console',
        element: <ConsoleLayout />,
        children: [
          { index: true, element: null },
          { path: 'sources', element: <SourcesPage /> },
          { path: 'audit', element: <AuditLogPage /> },
          { path: 'inventory/drift', element: <DriftAlertsPage /> },
          { path: 'governance/attention', element: <AttentionPage /> },
          { path: 'governance/webhooks', element: <WebhookDeliveriesPage /> },
          { path: 'access/rules', element: <AccessRulesPage /> },
          { path: 'access/explain', element: <ExplainPage /> },
          { path: 'access/changes', element: <AccessChangesPage /> },
          { path: 'people/users', element: <UsersPage /> },
          { path: 'people/groups', element: <GroupsPage /> },
          { path: 'people/tokens', element: <TokensPage /> },
          { path: 'gateway/calls', element: <GatewayCallsPage /> },
          { path: 'usage', element: <UsagePage /> },
          { path: 'hosting/instances', element: <HostedInstancesPage /> },
          { path: 'governance/reports', element: <ModerationQueuePage /> },
          { path: 'governance/reviews', element: <ReviewQueuePage /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
