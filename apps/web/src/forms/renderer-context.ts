import { createContext, useContext, type ReactNode } from 'react';
import { get, useFormContext, useFormState } from 'react-hook-form';
import type { FormBundle, FormDefinition, FormVariant } from '@sendflow/domain';
import type { Service } from '../api/types';
import { fieldDomId, issueText, resolvePath } from './field-paths';

/** What every widget of one rendered form shares: where ids start, the variant asked, the services to name. */
export interface RendererContext {
  prefix: string;
  definition: FormDefinition;
  variant: FormVariant;
  bundle: FormBundle;
  services: readonly Service[];
  /** Notes shown above a top-level field, e.g. the reviewer's comment on that section (rework). */
  fieldNotes: Record<string, ReactNode>;
}

export const Renderer = createContext<RendererContext | null>(null);

export function useRenderer(): RendererContext {
  const ctx = useContext(Renderer);
  if (!ctx) throw new Error('a form widget outside FormRenderer');
  return ctx;
}

/** The element id a path's error links to. */
export function useDomId(path: string): string {
  return fieldDomId(path, useRenderer().prefix);
}

/** The message to show beside a field, in the same words as the error summary. */
export function useFieldIssue(path: string): string | undefined {
  const { control } = useFormContext();
  const { errors } = useFormState({ control, name: path });
  const { variant, bundle } = useRenderer();
  const e = get(errors, path) as { message?: unknown; root?: { message?: unknown } } | undefined;
  const message = typeof e?.message === 'string' ? e.message : typeof e?.root?.message === 'string' ? e.root.message : undefined;
  return message === undefined ? undefined : issueText(resolvePath(variant, bundle, path), message);
}
