import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Link } from 'react-router';
import { AdminLocalAuthoritiesPage } from '../admin/local-authorities-page';
import { AdminServicesPage } from '../admin/services-page';
import { AdminUserPage } from '../admin/user-page';
import { AdminUsersPage } from '../admin/users-page';
import { AuditLogPage } from '../audit/audit-log-page';
import { ChangePasswordPage } from '../auth/change-password';
import { NewRequestPage } from '../requests/new-request-page';
import { RequestDetailPage } from '../requests/request-detail-page';
import { RequestListPage } from '../requests/request-list-page';
import { NotificationSettingsPage } from '../notifications/notification-settings-page';
import { NotificationsPage } from '../notifications/notifications-page';
import { AuditCriteriaPage } from '../form-designer/audit-criteria-page';
import { FormListPage } from '../form-designer/form-list-page';
import { SopListPage } from '../sop-designer/sop-list-page';
import { ReviewQueuePage } from '../tasks/review-queue-page';
import { TaskListPage } from '../tasks/task-list-page';
import { TaskPage } from '../tasks/task-page';
import { Loading } from '../ui/parts';
import { Home, RoleGate, Shell } from './shell';

// The designer brings React Flow and the SOP validator: loaded only when someone opens a version.
// Reports bring the chart library: loaded when the screen is opened, like the designer.
const TimelinessPage = lazy(() => import('../reports/timeliness-page').then((m) => ({ default: m.TimelinessPage })));
const PipelinePage = lazy(() => import('../reports/pipeline-page').then((m) => ({ default: m.PipelinePage })));
const QualityPage = lazy(() => import('../reports/quality-page').then((m) => ({ default: m.QualityPage })));
const AuditRoundsPage = lazy(() => import('../reports/audit-rounds-page').then((m) => ({ default: m.AuditRoundsPage })));
const AuditRoundPage = lazy(() => import('../reports/audit-round-page').then((m) => ({ default: m.AuditRoundPage })));
const AuditScorePage = lazy(() => import('../reports/audit-score-page').then((m) => ({ default: m.AuditScorePage })));
const BoardReportPage = lazy(() => import('../reports/board-report-page').then((m) => ({ default: m.BoardReportPage })));
const SopDesignerPage = lazy(() => import('../sop-designer/sop-designer-page').then((m) => ({ default: m.SopDesignerPage })));
// The form designer brings the form renderer and the whole-form schema check.
const FormDesignerPage = lazy(() => import('../form-designer/form-designer-page').then((m) => ({ default: m.FormDesignerPage })));
const RequestFlowPage = lazy(() => import('../sop-designer/request-flow-page').then((m) => ({ default: m.RequestFlowPage })));

const gated = (path: string, el: ReactNode) => <RoleGate path={path}>{el}</RoleGate>;
const report = (el: ReactNode) => gated('/reports', <Suspense fallback={<Loading what="the reports" />}>{el}</Suspense>);

/**
 * Every screen has a path; filters, tabs and the selected item are search parameters
 * (e.g. /tasks?requestId=…&task=…, /audit?action=…&from=…), so a link or reload shows the same thing.
 */
export function createRouter() {
  return createBrowserRouter([
    {
      path: '/',
      element: <Shell />,
      children: [
        { index: true, element: <Home /> },
        { path: 'requests', element: gated('/requests', <RequestListPage />) },
        { path: 'requests/new', element: gated('/requests', <NewRequestPage />) },
        { path: 'requests/:id', element: gated('/requests', <RequestDetailPage />) },
        { path: 'requests/:id/flow', element: gated('/requests', <Suspense fallback={<Loading what="the request’s flow" />}><RequestFlowPage /></Suspense>) },
        { path: 'tasks', element: gated('/tasks', <TaskListPage />) },
        // A quality reviewer opens their reviews here too (from /review).
        { path: 'tasks/:id', element: <RoleGate path={['/tasks', '/review']}><TaskPage /></RoleGate> },
        { path: 'review', element: gated('/review', <ReviewQueuePage />) },
        { path: 'sops', element: gated('/sops', <SopListPage />) },
        { path: 'sops/:id', element: gated('/sops', <Suspense fallback={<Loading what="the SOP designer" />}><SopDesignerPage /></Suspense>) },
        { path: 'forms', element: gated('/forms', <FormListPage />) },
        { path: 'forms/:id', element: gated('/forms', <Suspense fallback={<Loading what="the form designer" />}><FormDesignerPage /></Suspense>) },
        { path: 'audit-criteria', element: gated('/audit-criteria', <AuditCriteriaPage />) },
        { path: 'admin/users', element: gated('/admin/users', <AdminUsersPage />) },
        { path: 'admin/users/new', element: gated('/admin/users', <AdminUserPage />) },
        { path: 'admin/users/:id', element: gated('/admin/users', <AdminUserPage />) },
        { path: 'admin/services', element: gated('/admin/services', <AdminServicesPage />) },
        { path: 'admin/local-authorities', element: gated('/admin/local-authorities', <AdminLocalAuthoritiesPage />) },
        { path: 'audit', element: gated('/audit', <AuditLogPage />) },
        { path: 'reports', element: report(<TimelinessPage />) },
        { path: 'reports/pipeline', element: report(<PipelinePage />) },
        { path: 'reports/quality', element: report(<QualityPage />) },
        { path: 'reports/audit-rounds', element: report(<AuditRoundsPage />) },
        { path: 'reports/audit-rounds/:id', element: report(<AuditRoundPage />) },
        { path: 'reports/audit-rounds/:id/items/:requestId', element: report(<AuditScorePage />) },
        { path: 'reports/board', element: report(<BoardReportPage />) },
        { path: 'account/password', element: <ChangePasswordPage /> },
        { path: 'account/notifications', element: <NotificationSettingsPage /> },
        { path: 'notifications', element: <NotificationsPage /> },
        { path: '*', element: <NotFound /> },
      ],
    },
  ]);
}

function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>If you typed the web address, check it is correct. <Link to="/">Go to your home page</Link>.</p>
    </>
  );
}
