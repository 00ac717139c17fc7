import type { FormBundle, FormVariant } from '@sendflow/domain';
import { ApiError, errorText } from '../api/http';
import { pathOfApiField, resolvePath, type ResolvedPath } from './field-paths';

/** An item of a list answer (`services.1`) is shown against the list, where its checkboxes are. */
export function targetPath(path: string, r: ResolvedPath): string {
  const kind = r.leaf?.kind ?? r.field.kind;
  return (kind === 'choice' || kind === 'services') && /\.\d+$/.test(path) ? path.replace(/\.\d+$/, '') : path;
}

/**
 * Puts the API's 400 `issues` (`data.provision.0.who`) on the fields of the variant being answered
 * (react-hook-form's `setError`), and returns the messages no field takes, for the error summary.
 */
export function applyApiIssues(
  err: unknown, variant: FormVariant, bundle: FormBundle,
  setError: (path: string, error: { type: string; message: string }) => void,
): string[] {
  if (!(err instanceof ApiError) || !err.issues.length) return [errorText(err)];
  return err.issues.flatMap((i) => {
    const path = pathOfApiField(i.field);
    const r = path ? resolvePath(variant, bundle, path) : null;
    if (!path || !r) return [i.message];
    // The API starts its words with the field (`data.views: is required`); the form names the field its own way.
    const words = i.message.startsWith(`${i.field}: `) ? i.message.slice(i.field.length + 2) : i.message;
    setError(targetPath(path, r), { type: 'server', message: words });
    return [];
  });
}
