import type { FieldErrors, FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError, errorText, type Issue } from '../api/http';
import type { SummaryItem } from './error-summary';

/**
 * Puts the API's 400 `issues` on their fields (react-hook-form `setError`) and returns what no field
 * took, for the summary. `fieldFor` maps an API field path (e.g. `child.givenName`) to a form field
 * (default: the path itself, if in `known`). A message that starts with the API's field name gets
 * the field's label instead (`newPassword must be…` -> `New password must be…`).
 */
export function applyApiError<T extends FieldValues>(
  err: unknown,
  setError: UseFormSetError<T>,
  opts: { known: readonly string[]; labels?: Record<string, string>; fieldFor?: (apiField: string) => string | null },
): string[] {
  const fieldFor = opts.fieldFor ?? ((f: string) => f);
  const put = (apiField: string, message: string): boolean => {
    const field = fieldFor(apiField);
    if (!field || !opts.known.includes(field)) return false;
    setError(field as Path<T>, { type: 'server', message: labelled(message, apiField, opts.labels?.[field]) });
    return true;
  };
  if (!(err instanceof ApiError)) return [errorText(err)];
  if (!err.issues.length) {
    // Conflicts often name the field first: `email: a user with ... already exists`.
    const m = /^([a-zA-Z.]+):? (.*)$/.exec(err.message);
    return m && put(m[1], err.message) ? [] : [err.message];
  }
  return err.issues.filter((i) => !put(i.field, i.message)).map((i) => i.message);
}

function labelled(message: string, field: string, label?: string): string {
  let rest = message;
  if (rest.startsWith(`${field}: `)) rest = label ? `${label}: ${rest.slice(field.length + 2)}` : rest.slice(field.length + 2);
  else if (rest.startsWith(`${field} `)) rest = `${label ?? field} ${rest.slice(field.length + 1)}`;
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/**
 * The summary items for a react-hook-form `errors` object, in `order`, each linked to its field id
 * (`idOf`), plus any loose messages from the server.
 */
export function summaryItems<T extends FieldValues>(errors: FieldErrors<T>, order: readonly string[], idOf: (field: string) => string, loose: string[] = []): SummaryItem[] {
  const items: SummaryItem[] = [];
  const walk = (obj: unknown, prefix: string) => {
    if (!obj || typeof obj !== 'object') return;
    const e = obj as { message?: unknown; type?: unknown };
    if (typeof e.message === 'string' && e.type !== undefined) { items.push({ fieldId: idOf(prefix), message: e.message }); return; }
    for (const [k, v] of Object.entries(obj)) if (k !== 'ref') walk(v, prefix ? `${prefix}.${k}` : k);
  };
  walk(errors, '');
  const rank = (f?: string | null) => { const i = order.findIndex((o) => f === idOf(o)); return i < 0 ? order.length : i; };
  items.sort((a, b) => rank(a.fieldId) - rank(b.fieldId));
  return [...items, ...loose.map((message) => ({ message }))];
}

export type { Issue };
