import type { AuditCriterion, FormDefinition, FormDefinitionInput } from '@sendflow/domain';
import type { Schemas } from '../api/client';
import { api } from '../api/http';

/** Form and audit-criteria versions (README "Forms and audit criteria are data"); writes need the sop_manager role. */
export type FormVersionSummary = Schemas['FormVersionDto_Output'];
export type FormVersionDetail = Omit<Schemas['FormVersionDetailDto_Output'], 'definition'> & { definition: FormDefinition };
export type FormCatalogue = Schemas['FormCatalogueDto_Output'];
export type CriteriaVersion = Schemas['AuditCriteriaVersionDto_Output'];

const enc = encodeURIComponent;
const ifMatch = (revision: number) => ({ 'if-match': `"${revision}"` });

export const formsApi = {
  list: () => api<FormVersionSummary[]>('/form-versions'),
  catalogue: () => api<FormCatalogue>('/form-versions/catalogue'),
  get: (id: string) => api<FormVersionDetail>(`/form-versions/${enc(id)}`),
  create: (definition: FormDefinitionInput) => api<FormVersionDetail>('/form-versions', { method: 'POST', body: definition }),
  /** `revision` is the one the edit started from: someone else's save since is a 409, not a silent overwrite. */
  save: (id: string, definition: FormDefinitionInput, revision: number) =>
    api<FormVersionDetail>(`/form-versions/${enc(id)}`, { method: 'PUT', body: definition, headers: ifMatch(revision) }),
  newDraft: (fromId: string) => api<FormVersionDetail>(`/form-versions/${enc(fromId)}/drafts`, { method: 'POST' }),
  publish: (id: string, revision: number) => api<FormVersionSummary>(`/form-versions/${enc(id)}/publish`, { method: 'POST', headers: ifMatch(revision) }),
  retire: (id: string) => api<FormVersionSummary>(`/form-versions/${enc(id)}/retire`, { method: 'POST' }),
};

export const criteriaApi = {
  list: () => api<CriteriaVersion[]>('/audit-criteria'),
  newDraft: (fromVersion: number) => api<CriteriaVersion>(`/audit-criteria/${fromVersion}/drafts`, { method: 'POST' }),
  save: (version: number, items: AuditCriterion[], revision: number) =>
    api<CriteriaVersion>(`/audit-criteria/${version}`, { method: 'PUT', body: { items }, headers: ifMatch(revision) }),
  publish: (version: number, revision: number) => api<CriteriaVersion>(`/audit-criteria/${version}/publish`, { method: 'POST', headers: ifMatch(revision) }),
  retire: (version: number) => api<CriteriaVersion>(`/audit-criteria/${version}/retire`, { method: 'POST' }),
};

export const VERSION_STATUS_LABEL = { draft: 'Draft', published: 'Published', retired: 'Retired' } as const;
export const statusTag = (status: keyof typeof VERSION_STATUS_LABEL) => `nhsuk-tag sop-status sop-status--${status}`;
