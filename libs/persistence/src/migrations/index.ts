import { InitialSchema1763840000000 } from './1763840000000-initial-schema';
import { SopDraftPerKey1763900000000 } from './1763900000000-sop-draft-per-key';
import { SignInAndSessions1763910000000 } from './1763910000000-sign-in-and-sessions';
import { AuditSearchIndexes1763920000000 } from './1763920000000-audit-search-indexes';
import { DeadlineExceptionsAndAssignment1763930000000 } from './1763930000000-deadline-exceptions-and-assignment';
import { AuditWorkflowEvents1763940000000 } from './1763940000000-audit-workflow-events';
import { TaskDueExplanation1763950000000 } from './1763950000000-task-due-explanation';
import { CaseloadIndexes1764020000000 } from './1764020000000-caseload-indexes';
import { RequestDocuments1764020100000 } from './1764020100000-request-documents';
import { TaskDrafts1764030000000 } from './1764030000000-task-drafts';
import { Reporting1764070000000 } from './1764070000000-reporting';
import { DocumentsAndDelivery1764090000000 } from './1764090000000-documents-and-delivery';
import { IdempotencyKeys1764100000000 } from './1764100000000-idempotency-keys';
import { ActivityIncidents1764100000001 } from './1764100000001-activity-incidents';
import { NotificationDigests1764200000000 } from './1764200000000-notification-digests';
import { QaCriteriaDaily1764300000000 } from './1764300000000-qa-criteria-daily';
import { FormsAndCriteria1764600000000 } from './1764600000000-forms-and-criteria';
import { ReportContributions1764720000000 } from './1764720000000-report-contributions';
import { ReportServiceFlowMonthly1764720100000 } from './1764720100000-report-service-flow-monthly';
import { RequestDocumentObjectStorage1764730000000 } from './1764730000000-request-document-object-storage';
import { AuthorDetailsIndex1764740000000 } from './1764740000000-author-details-index';

/** In order. Never edit a migration that has shipped: add a new one. */
export const MIGRATIONS = [InitialSchema1763840000000, SopDraftPerKey1763900000000, SignInAndSessions1763910000000, AuditSearchIndexes1763920000000, DeadlineExceptionsAndAssignment1763930000000, AuditWorkflowEvents1763940000000, TaskDueExplanation1763950000000,
  CaseloadIndexes1764020000000, RequestDocuments1764020100000, TaskDrafts1764030000000, Reporting1764070000000, DocumentsAndDelivery1764090000000, IdempotencyKeys1764100000000, ActivityIncidents1764100000001,
  NotificationDigests1764200000000, QaCriteriaDaily1764300000000, FormsAndCriteria1764600000000,
  ReportContributions1764720000000, ReportServiceFlowMonthly1764720100000, RequestDocumentObjectStorage1764730000000,
  AuthorDetailsIndex1764740000000];
