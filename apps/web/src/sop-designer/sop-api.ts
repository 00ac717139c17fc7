import type { SopDefinition, SopDiff, SopIssue, SopVersionStatus } from '@sendflow/sop';
import { api } from '../api/http';

/** The SOP version routes (README "API"); writes need the sop_manager role. */
export interface SopVersionSummary {
  id: string;
  sopKey: string;
  version: number;
  status: SopVersionStatus;
  name: string | null;
  derivedFromId: string | null;
  createdBy: string;
  createdAt: string;
  publishedAt: string | null;
  retiredAt: string | null;
  revision: string;
}
export interface SopVersionDetail extends SopVersionSummary { definition: SopDefinition }
export interface SavedSopVersion extends SopVersionDetail { valid: boolean; issues: SopIssue[] }
export interface SopVersionDiff extends SopDiff {
  from: Pick<SopVersionSummary, 'id' | 'sopKey' | 'version' | 'status'>;
  to: Pick<SopVersionSummary, 'id' | 'sopKey' | 'version' | 'status'>;
}

const enc = encodeURIComponent;

export const sopApi = {
  list: () => api<SopVersionSummary[]>('/sops'),
  get: (id: string) => api<SopVersionDetail>(`/sops/${enc(id)}`),
  create: (definition: SopDefinition) => api<SavedSopVersion>('/sops', { method: 'POST', body: definition }),
  /** `revision` is the one the edit started from: a stale one is a 409, not a silent overwrite. */
  save: (id: string, definition: SopDefinition, revision: string) =>
    api<SavedSopVersion>(`/sops/${enc(id)}`, { method: 'PUT', body: definition, headers: { 'if-match': `"${revision}"` } }),
  newDraft: (fromId: string) => api<SavedSopVersion>(`/sops/${enc(fromId)}/drafts`, { method: 'POST' }),
  publish: (id: string, revision: string) =>
    api<SopVersionSummary>(`/sops/${enc(id)}/publish`, { method: 'POST', headers: { 'if-match': `"${revision}"` } }),
  retire: (id: string) => api<SopVersionSummary>(`/sops/${enc(id)}/retire`, { method: 'POST' }),
  diff: (fromId: string, toId: string) => api<SopVersionDiff>(`/sops/${enc(fromId)}/diff/${enc(toId)}`),
};

export const STATUS_LABEL: Record<SopVersionStatus, string> = { draft: 'Draft', published: 'Published', retired: 'Retired' };
