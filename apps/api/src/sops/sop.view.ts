import { createHash } from 'node:crypto';
import type { SopVersionEntity } from '@sendflow/persistence';

/**
 * A draft's revision: a hash of its definition in canonical form (keys sorted, since jsonb does
 * not keep their order). An edit must name the revision it started from (`If-Match`), so two
 * managers editing the same draft cannot overwrite each other unseen.
 */
export function revisionOf(definition: unknown): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex').slice(0, 32);
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

const iso = (d: Date | string) => new Date(d).toISOString();

export function sopVersionView(v: SopVersionEntity) {
  return {
    id: v.id, sopKey: v.sopKey, version: v.version, status: v.status, name: v.definition?.name ?? null,
    derivedFromId: v.derivedFromId, createdBy: v.createdBy, createdAt: iso(v.createdAt), publishedAt: v.publishedAt ? iso(v.publishedAt) : null, retiredAt: v.retiredAt ? iso(v.retiredAt) : null,
    revision: revisionOf(v.definition), formPins: v.formPins ?? null,
  };
}
