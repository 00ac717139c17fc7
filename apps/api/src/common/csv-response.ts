import type { Request, Response } from 'express';
import { stringify } from 'csv-stringify/sync';

/** Whether the caller asked for CSV (`Accept: text/csv`) rather than JSON. */
export function wantsCsv(req: Request): boolean {
  return /\btext\/csv\b/i.test(String(req.headers.accept ?? ''));
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab/CR) as a formula; names typed by
 * an admin reach these files, so such text cells are prefixed with an apostrophe (OWASP's advice).
 * Numbers are left as numbers.
 */
function safeCell(v: unknown): string | number {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return v;
  const s = String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export function toCsv<T extends Record<string, unknown>>(columns: { key: keyof T & string; header: string }[], rows: T[]): string {
  return stringify([columns.map((c) => c.header), ...rows.map((r) => columns.map((c) => safeCell(r[c.key])))], { record_delimiter: '\r\n' });
}

/** Sends CSV as a download; the body is what Nest passes through. */
export function csvDownload(res: Response, fileName: string, body: string): string {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`);
  return body;
}

/** JSON and CSV answers differ by Accept, so caches must key on it. */
export function varyOnAccept(res: Response): void {
  res.setHeader('Vary', 'Accept');
}
