/**
 * The web UI's entry: the routes. The catalog loads with the first bundle; the
 * server page and the console load on demand, so the catalog's JavaScript stays small.
 */
import { lazy, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import CatalogPage from './catalog/CatalogPage.js';
import Layout from './Layout.js';
import NotFoundPage from './NotFoundPage.js';
import './styles.css';

const ServerPage = lazy(() => import('./server/ServerPage.js'));
const ConsoleLayout = lazy(() => import('./admin/ConsoleLayout.js'));
const SignInPage = lazy(() => import('./admin/SignInPage.js'));
const SourcesPage = lazy(() => import('./admin/SourcesPage.js'));
const AuditLogPage = lazy(() => import('./admin/AuditLogPage.js'));

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <CatalogPage /> },
      { path: 'servers/*', element: <ServerPage /> },
      { path: 'console/sign-in', element: <SignInPage /> },
      {
        path: 'console',
        element: <ConsoleLayout />,
        children: [
          { index: true, element: <Navigate to="/console/sources" replace /> },
          { path: 'sources', element: <SourcesPage /> },
          { path: 'audit', element: <AuditLogPage /> },
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
