/**
 * Response shapes the browser reads. Interim: H-contract's generated client (api/client.ts from
 * the OpenAPI document) replaces these once it is on main; keep them in this one file until then.
 */
import type { Role } from '@sendflow/domain';
import type { Schemas } from './client';

export interface DemoUser { email: string; displayName: string; roles: string[]; serviceCodes: string[] }
export interface SessionUser { id: string; email: string; displayName: string; roles: Role[]; services: string[] }
export interface SessionInfo { user: SessionUser; method: 'password' | 'oidc'; csrfToken: string; expiresAt: string; idleTimeoutSeconds: number }
export interface SignInOptions { password: boolean; oidc: boolean }
export interface LocalAuthority { code: string; name: string; returnAddress?: string | null; active?: boolean }
export interface Service { code: string; name: string; active: boolean }
export interface Child { givenName: string; familyName: string; dateOfBirth: string; nhsNumber?: string | null }
export interface RequestSummary {
  id: string;
  laReference: string;
  localAuthorityCode: string;
  child: Child;
  status: string;
  overdue: boolean;
  statutoryDueDate: string;
  allocatedServices: string[];
  receivedAt: string;
}
export interface Outcome { id: string; label: string }
export interface Task {
  id: string;
  requestId: string;
  label: string;
  serviceCode: string | null;
  form: string;
  outcomes: Outcome[];
  status: string;
  outcome?: string | null;
  dueDate: string | null;
  attempt: number;
  role?: string;
  serviceScoped?: boolean;
  assigneeId?: string | null;
  assigneeName?: string | null;
  /** Node id in the pinned SOP, `block/node` inside a per-service block. */
  nodePath?: string;
  openedAt?: string;
}
export interface RecordedDeadlineException {
  type: 'pause' | 'extension';
  id?: string;
  kind: string;
  from?: string;
  to?: string;
  days?: number;
  evidence: string;
  recordedBy: string;
  recordedAt: string;
}

// ---- the caseload, the request page and its documents: generated from the API's contracts.
// openapi-typescript renders two of the contract's `z.string().nullable()` fields as `string[]`
// (caseload `nextCursor`, detail `laDueDate`); the API sends a string or null, so they are
// corrected here until the generator is fixed. Fields the detail contract lets through
// (`.loose()`) but does not name are added here as they are read.
export type Caseload = Omit<Schemas['CaseloadResponseDto'], 'nextCursor'> & { nextCursor: string | null };
export type CaseloadItem = Caseload['items'][number];
export type RequestDocument = Schemas['RequestDocumentDto'];
export type IntakeConflict = Schemas['IntakeConflictProblemDto'];
export interface ExplanationStep { rule: string; text: string; date?: string; ref?: string }
export type RequestDetailTask = Schemas['RequestDetailDto']['tasks'][number] & { serviceScoped?: boolean; dueExplanation?: ExplanationStep[] | null };
export type RequestDetail = Omit<Schemas['RequestDetailDto'], 'laDueDate' | 'tasks' | 'deadlineExplanation'> & {
  laDueDate: string | null;
  tasks: RequestDetailTask[];
  deadlineExplanation: ExplanationStep[];
  baseDueDate: string | null;
  deadlineExceptions: RecordedDeadlineException[];
  /** When the advice (or the not-known letter) reached the LA. */
  returnedAt?: string | null;
  /** Read by the request's flow view (decisions and timers are evaluated as the interpreter does). */
  allocatedServices?: string[];
  ehcpFlag?: boolean;
  adviceType?: string;
  effectiveReceiptDate?: string;
};
/** POST /api/requests answers the request's view (no response schema in the contract yet): what intake reads of it. */
export interface CreatedRequest { id: string; laReference: string; statutoryDueDate: string }
export interface FormsInfo { forms: { id: string; title: string }[]; auditCriteria: { id: string; text: string }[] }
export interface StaffMember { userId: string; displayName: string; roles: string[] }
export interface AdminUser {
  id: string; email: string; displayName: string; roles: Role[]; serviceCodes: string[]; active: boolean; createdAt: string; updatedAt: string;
}
export interface AuditEntry {
  id: string; at: string; actor: { id: string; email: string | null; displayName: string | null }; action: string; entity: string;
  entityId: string | null; requestId: string | null; before: unknown; after: unknown;
}
export interface AuditPage { items: AuditEntry[]; nextCursor: string | null }
