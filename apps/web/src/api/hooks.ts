/**
 * One query or mutation hook per resource. Screens import these, never `api()` directly, so the
 * switch to the generated client is one file. Mutations invalidate what they change.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AuditPassRatesResponse, AuditRoundItem, AuditRoundListResponse, AuditRoundRedrawResponse, AuditRoundResponse, DocumentVersionView, OpenAuditRoundBody,
  PipelineResponse, ReassignResult, ReassignTasksBody, ReopenAdviceBody, ReopenAdviceView, ScoreAuditItemBody, ServiceFlowResponse, TaskDetailResponse, TimelinessResponse,
} from '@sendflow/domain';
import { api as typed } from './client';
import { api, ApiError, csrfHeaders, qs } from './http';
import { POLL } from './query-client';
import { isAccepted, waitUntilClosed, type CompletionAnswer, type CompletionProgress } from './task-completion';
import type {
  AdminUser, AuditPage, Caseload, CaseloadStage, CreatedRequest, DemoUser, FormsInfo, LocalAuthority, RequestDetail, RequestDocument, RequestRecord, Service, SessionInfo, Settings, SignInOptions, StaffMember, TaskPage,
} from './types';

const enc = encodeURIComponent;

export const keys = {
  session: ['session'] as const,
  requests: ['requests'] as const,
  request: (id: string) => ['requests', id] as const,
  tasks: (filter: TaskFilter = {}) => ['tasks', filter] as const,
  localAuthorities: ['local-authorities'] as const,
  services: ['services'] as const,
  forms: ['forms'] as const,
  staff: (key: string) => ['staff', key] as const,
  adminUsers: ['admin', 'users'] as const,
  adminUser: (id: string) => ['admin', 'users', id] as const,
  adminServices: ['admin', 'services'] as const,
  adminLocalAuthorities: ['admin', 'local-authorities'] as const,
  audit: (q: AuditQuery) => ['audit', q] as const,
  timeliness: (q: { from: string; to: string; by: string }) => ['reports', 'timeliness', q] as const,
  notifications: ['notifications'] as const,
  unreadCount: ['notifications', 'unread-count'] as const,
  emailPreference: ['notifications', 'email-preference'] as const,
  pipeline: ['reports', 'pipeline'] as const,
  serviceFlow: (q: { from: string; to: string }) => ['reports', 'service-flow', q] as const,
  passRates: ['reports', 'audit-pass-rates'] as const,
  auditRounds: ['audit-rounds'] as const,
  auditRound: (id: string) => ['audit-rounds', id] as const,
  auditRoundRedraw: (id: string) => ['audit-rounds', id, 'redraw'] as const,
};

// ---- session and sign-in
export const useSession = () => useQuery({
  queryKey: keys.session,
  queryFn: () => api<SessionInfo>('/auth/session', { quiet401: true }).catch(() => null),
  staleTime: Infinity,
  retry: false,
});
export const useSignInOptions = () => useQuery({
  queryKey: ['auth', 'options'],
  queryFn: () => api<SignInOptions>('/auth/options', { quiet401: true }).catch(() => ({ password: true, oidc: false })),
  staleTime: Infinity,
});
/** Exists only in a demo installation; elsewhere a 404 and an empty list. */
export const useDemoUsers = () => useQuery({
  queryKey: ['demo', 'users'],
  queryFn: () => api<DemoUser[]>('/demo/users', { quiet401: true }).catch(() => [] as DemoUser[]),
  staleTime: Infinity,
});
export const useChangePassword = () => useMutation({
  mutationFn: (body: { currentPassword: string; newPassword: string }) => api<{ otherSessionsEnded: number }>('/auth/password', { method: 'POST', body }),
});

// ---- reference data
export const useLocalAuthorities = () => useQuery({ queryKey: keys.localAuthorities, queryFn: () => api<LocalAuthority[]>('/local-authorities'), staleTime: 60_000 });
export const useServices = (enabled = true) => useQuery({ queryKey: keys.services, queryFn: () => api<Service[]>('/services'), staleTime: 60_000, enabled });
export const useForms = (enabled = true) => useQuery({ queryKey: keys.forms, queryFn: () => api<FormsInfo>('/forms'), staleTime: Infinity, enabled });
/** The trust's settings (red/amber/green thresholds): read once per session. */
export const useSettings = () => useQuery({ queryKey: ['settings'], queryFn: () => api<Settings>('/settings'), staleTime: Infinity });
/** The steps a request can wait at, from the published SOP versions (the caseload's stage filter). */
export const useStages = () => useQuery({ queryKey: ['stages'], queryFn: () => api<CaseloadStage[]>('/stages'), staleTime: 60_000 });
/** Who can take a task: a service's members, or for work that belongs to no service, everyone with a role. */
export const useStaff = (by: { service: string } | { role: string }) => useQuery({
  queryKey: keys.staff('service' in by ? `service:${by.service}` : `role:${by.role}`),
  queryFn: () => api<StaffMember[]>('service' in by ? `/services/${enc(by.service)}/members` : `/staff${qs({ role: by.role })}`),
  staleTime: 60_000,
});

// ---- requests
/** The caseload's query as the URL carries it (every filter, the search, sort and page). */
export type CaseloadQuery = Partial<Record<'status' | 'localAuthorityCode' | 'service' | 'stage' | 'colour' | 'assignee' | 'overdue' | 'q' | 'sort' | 'order' | 'limit' | 'cursor', string>>;
/** One page of GET /api/requests. Polls while the tab is visible; the last page stays on screen while the next loads. */
export const useCaseload = (query: CaseloadQuery) => useQuery({
  queryKey: [...keys.requests, 'caseload', query],
  queryFn: () => api<Caseload>(`/requests${qs(query)}`),
  refetchInterval: POLL.fast,
  placeholderData: keepPreviousData,
});
export const useRequest = (id: string) => useQuery({
  queryKey: keys.request(id),
  queryFn: () => api<RequestDetail>(`/requests/${enc(id)}`),
  refetchInterval: POLL.normal,
});
/** The documents issued for the LA (compiled advice, not-known letter), with their delivery. */
export const useAdviceDocuments = (id: string) => useQuery({
  queryKey: [...keys.request(id), 'documents'],
  queryFn: () => api<DocumentVersionView[]>(`/requests/${enc(id)}/advice-documents`),
  refetchInterval: POLL.normal,
});
export const useRecordManualDelivery = (requestId: string) => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ documentId, ...body }: { documentId: string; method: string; sentTo: string }) =>
      api<DocumentVersionView>(`/requests/${enc(requestId)}/advice-documents/${enc(documentId)}/manual-delivery`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.request(requestId) }),
  });
};

/** Reopens returned advice for a correction (202: it runs; the services named amend, then the coordinator sends version n). */
export const useReopenAdvice = (requestId: string) => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: ReopenAdviceBody; idempotencyKey: string }) =>
      api<ReopenAdviceView>(`/requests/${enc(requestId)}/advice-documents/corrections`, { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.request(requestId) }),
  });
};

/** 201: recorded now; 200: the same child under the same LA reference was already recorded (this is that request). */
export interface CreateResult { request: CreatedRequest; existing: boolean }
export const useCreateRequest = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: unknown): Promise<CreateResult> => {
      // The generated client, for the status (200 vs 201); errors become ApiError like every other call.
      const { data, error, response } = await typed.POST('/api/requests', { body: body as never });
      if (!response.ok) {
        const e = (error ?? {}) as { message?: unknown; issues?: unknown };
        throw new ApiError(response.status, typeof e.message === 'string' ? e.message : `${response.status} ${response.statusText}`,
          Array.isArray(e.issues) ? e.issues : [], error);
      }
      return { request: data as CreatedRequest, existing: response.status === 200 };
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.requests }),
  });
};

/**
 * Upload one file to a request (multipart, field `file`). XMLHttpRequest rather than fetch for
 * upload progress; errors are ApiError as elsewhere (413 too large, 415 not a type we take).
 */
export function uploadDocument(requestId: string, file: File, onProgress: (fraction: number) => void): Promise<RequestDocument> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/requests/${enc(requestId)}/documents`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    for (const [k, v] of Object.entries(csrfHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onerror = () => reject(new ApiError(0, 'The upload did not reach the server: check the connection and try again'));
    xhr.ontimeout = xhr.onerror;
    xhr.timeout = 120_000;
    xhr.onload = () => {
      let body: unknown;
      try { body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined; } catch { body = xhr.responseText; }
      if (xhr.status >= 200 && xhr.status < 300) { onProgress(1); resolve(body as RequestDocument); return; }
      const p = (body && typeof body === 'object' ? body : {}) as { message?: unknown; issues?: unknown };
      const message = Array.isArray(p.message) ? p.message.map(String).join('; ') : typeof p.message === 'string' ? p.message : `${xhr.status} ${xhr.statusText}`;
      reject(new ApiError(xhr.status, message, Array.isArray(p.issues) ? p.issues : [], body));
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
/** The request's documents and page change when a file is attached. */
export const useInvalidateRequest = () => {
  const qc = useQueryClient();
  return (id: string) => Promise.all([qc.invalidateQueries({ queryKey: keys.request(id) }), qc.invalidateQueries({ queryKey: keys.requests })]);
};
/** Where a document downloads from (the API audits each download). */
export const documentUrl = (requestId: string, docId: string) => `/api/requests/${enc(requestId)}/documents/${enc(docId)}`;
export const useRecordException = (requestId: string) => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: unknown; idempotencyKey: string }) =>
      api<RequestRecord>(`/requests/${enc(requestId)}/statutory-exceptions`, { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.request(requestId) }),
  });
};

// ---- tasks
export interface TaskFilter { requestId?: string; assignee?: 'me' | 'unassigned'; form?: string; cursor?: string }
/** One page of the caller's tasks (50, keyset: `nextCursor` for the next). Polls while the tab is visible; the page stays on screen while the next loads. */
export const useTasks = (filter: TaskFilter = {}) => useQuery({
  queryKey: keys.tasks(filter),
  queryFn: () => api<TaskPage>(`/tasks${qs({ requestId: filter.requestId, assignee: filter.assignee, form: filter.form, cursor: filter.cursor })}`),
  refetchInterval: POLL.fast,
  placeholderData: keepPreviousData,
});
/** One task with what working it needs (draft, prefill, reviewer's feedback, the draft under review). Not polled: the form owns its state. */
export const useTask = (id: string) => useQuery({
  queryKey: [...keys.tasks(), 'detail', id],
  queryFn: () => api<TaskDetailResponse>(`/tasks/${enc(id)}`),
  staleTime: Infinity,
  refetchOnWindowFocus: false,
});
export const useClaimTask = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, release }: { taskId: string; release?: boolean }) => api(`/tasks/${enc(taskId)}/${release ? 'release' : 'claim'}`, { method: 'POST' }),
    onSuccess: () => invalidateWork(qc),
  });
};
export const useReassignTasks = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ReassignTasksBody) => api<ReassignResult>('/tasks/reassign', { method: 'POST', body }),
    onSuccess: () => invalidateWork(qc),
  });
};
/** Tasks and requests both change when a task is completed or assigned. */
function invalidateWork(qc: ReturnType<typeof useQueryClient>) {
  return Promise.all([qc.invalidateQueries({ queryKey: ['tasks'] }), qc.invalidateQueries({ queryKey: keys.requests })]);
}
/** Where a 202 completion's progress is kept, so the task page can say "still being processed" while the form waits. */
const completionKey = (taskId: string) => ['tasks', 'completion', taskId] as const;
/**
 * Completes a task. A 202 (the workflow accepted it but has not finished) is not done: the task is
 * read until it closes (bounded, COMPLETION_WAIT) and only then does the mutation succeed; after
 * the bound it fails saying the submission was received. `useCompletionProgress` shows the wait.
 */
export const useCompleteTask = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ taskId, outcome, data }: { taskId: string; outcome: string; data: unknown }) => {
      const answer = await api<CompletionAnswer>(`/tasks/${enc(taskId)}/complete`, { method: 'POST', body: { outcome, data } });
      if (!isAccepted(answer)) return answer;
      qc.setQueryData(completionKey(taskId), { state: 'processing', since: Date.now() } satisfies CompletionProgress);
      try {
        await waitUntilClosed(async () => (await api<TaskDetailResponse>(`/tasks/${enc(taskId)}`)).status);
      } finally {
        qc.setQueryData(completionKey(taskId), null);
      }
      return answer;
    },
    onSuccess: () => invalidateWork(qc),
  });
};
/** Whether a completion of this task is waiting for the workflow (after a 202). Read from the cache only. */
export const useCompletionProgress = (taskId: string) => useQuery<CompletionProgress>({
  queryKey: completionKey(taskId),
  queryFn: () => null,
  enabled: false,
  initialData: null,
});
export const useAssignTask = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, assigneeId }: { taskId: string; assigneeId: string | null }) =>
      api(`/tasks/${enc(taskId)}/assign`, { method: 'POST', body: { assigneeId } }),
    onSuccess: () => invalidateWork(qc),
  });
};

// ---- admin
export const useAdminUsers = () => useQuery({ queryKey: keys.adminUsers, queryFn: () => api<AdminUser[]>('/admin/users') });
export const useAdminUser = (id: string | undefined) => useQuery({ queryKey: keys.adminUser(id ?? ''), queryFn: () => api<AdminUser>(`/admin/users/${enc(id!)}`), enabled: !!id });
export const useSaveUser = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: unknown }) =>
      id ? api<AdminUser>(`/admin/users/${enc(id)}`, { method: 'PATCH', body }) : api<AdminUser>('/admin/users', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.adminUsers }),
  });
};
export const useSetUserActive = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) => api<AdminUser>(`/admin/users/${enc(id)}/${active ? 'reactivate' : 'deactivate'}`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.adminUsers }),
  });
};
export const useSetUserPassword = () => useMutation({
  mutationFn: ({ id, password }: { id: string; password: string }) => api(`/admin/users/${enc(id)}/password`, { method: 'POST', body: { password } }),
});
export const useAdminServices = () => useQuery({ queryKey: keys.adminServices, queryFn: () => api<Service[]>('/admin/services') });
export const useSaveService = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ code, body }: { code?: string; body: unknown }) =>
      code ? api<Service>(`/admin/services/${enc(code)}`, { method: 'PATCH', body }) : api<Service>('/admin/services', { method: 'POST', body }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: keys.adminServices }), qc.invalidateQueries({ queryKey: keys.services })]),
  });
};
export const useAdminLocalAuthorities = () => useQuery({ queryKey: keys.adminLocalAuthorities, queryFn: () => api<LocalAuthority[]>('/admin/local-authorities') });
export const useSaveLocalAuthority = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ code, body }: { code?: string; body: unknown }) =>
      code ? api<LocalAuthority>(`/admin/local-authorities/${enc(code)}`, { method: 'PATCH', body }) : api<LocalAuthority>('/admin/local-authorities', { method: 'POST', body }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: keys.adminLocalAuthorities }), qc.invalidateQueries({ queryKey: keys.localAuthorities })]),
  });
};

// ---- audit
export interface AuditQuery { requestId?: string; userId?: string; action?: string; from?: string; to?: string; cursor?: string }
export const useAuditSearch = (q: AuditQuery) => useQuery({
  queryKey: keys.audit(q),
  queryFn: () => api<AuditPage>(`/audit${qs({ ...q, limit: 50 })}`),
  placeholderData: keepPreviousData,
});

// ---- reports (aggregates; no child's data)
export const useTimeliness = (q: { from: string; to: string; by: string }) => useQuery({
  queryKey: keys.timeliness(q),
  queryFn: () => api<TimelinessResponse>(`/reports/timeliness${qs(q)}`),
  placeholderData: keepPreviousData,
  retry: false,
});

// ---- notifications (the signed-in user's own)
export type EmailPreference = 'immediate' | 'digest' | 'off';
export interface NotificationItem { id: string; requestId: string | null; kind: string; message: string; createdAt: string; readAt: string | null }
/** The header's unread count: polled slowly, and only while the tab is visible. */
export const useUnreadCount = (enabled = true) => useQuery({
  queryKey: keys.unreadCount,
  queryFn: () => api<{ unread: number }>('/notifications/unread-count'),
  enabled,
  refetchInterval: POLL.slow,
  refetchIntervalInBackground: false,
});
export const useNotifications = () => useQuery({
  queryKey: keys.notifications,
  queryFn: () => api<{ items: NotificationItem[]; unread: number }>('/notifications'),
  refetchInterval: POLL.slow,
  refetchIntervalInBackground: false,
});
export const useMarkNotificationRead = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/notifications/${enc(id)}/read`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.notifications }),
  });
};
export const useMarkAllNotificationsRead = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/notifications/read-all', { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.notifications }),
  });
};
export const useEmailPreference = () => useQuery({
  queryKey: keys.emailPreference,
  queryFn: () => api<{ email: EmailPreference }>('/notifications/email-preference'),
});
export const useSetEmailPreference = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (email: EmailPreference) => api<{ email: EmailPreference }>('/notifications/email-preference', { method: 'PUT', body: { email } }),
    onSuccess: (v) => qc.setQueryData(keys.emailPreference, v),
  });
};

export const usePipeline = () => useQuery({ queryKey: keys.pipeline, queryFn: () => api<PipelineResponse>('/reports/pipeline'), retry: false });
export const useServiceFlow = (q: { from: string; to: string }) => useQuery({
  queryKey: keys.serviceFlow(q),
  queryFn: () => api<ServiceFlowResponse>(`/reports/service-flow${qs(q)}`),
  placeholderData: keepPreviousData,
  retry: false,
});
export const useAuditPassRates = () => useQuery({ queryKey: keys.passRates, queryFn: () => api<AuditPassRatesResponse>('/reports/audit-pass-rates') });

// ---- the quality audit cycle (auditors score; managers and the coordinator read)
export const useAuditRounds = () => useQuery({ queryKey: keys.auditRounds, queryFn: () => api<AuditRoundListResponse>('/audit-rounds') });
export const useAuditRound = (id: string) => useQuery({ queryKey: keys.auditRound(id), queryFn: () => api<AuditRoundResponse>(`/audit-rounds/${enc(id)}`) });
/** Drawn on demand (a button), never on page load: it re-reads the period's returned advice. */
export const useAuditRoundRedraw = (id: string, enabled: boolean) => useQuery({
  queryKey: keys.auditRoundRedraw(id), queryFn: () => api<AuditRoundRedrawResponse>(`/audit-rounds/${enc(id)}/redraw`), enabled, staleTime: 0, gcTime: 0,
});
export const useOpenAuditRound = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: OpenAuditRoundBody) => api<AuditRoundResponse>('/audit-rounds', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.auditRounds }),
  });
};
export const useScoreAuditItem = (roundId: string) => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ requestId, body }: { requestId: string; body: ScoreAuditItemBody }) =>
      api<AuditRoundItem>(`/audit-rounds/${enc(roundId)}/items/${enc(requestId)}`, { method: 'PUT', body }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: keys.auditRound(roundId) }), qc.invalidateQueries({ queryKey: keys.auditRounds })]),
  });
};
export const useCloseAuditRound = (roundId: string) => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<AuditRoundResponse>(`/audit-rounds/${enc(roundId)}/close`, { method: 'POST' }),
    onSuccess: () => Promise.all([
      qc.invalidateQueries({ queryKey: keys.auditRound(roundId) }), qc.invalidateQueries({ queryKey: keys.auditRounds }), qc.invalidateQueries({ queryKey: keys.passRates }),
    ]),
  });
};
