import { useMemo } from 'react';
import { SHIPPED_BUNDLE, SHIPPED_FORMS, type FormBundle, type FormDefinition, type TaskDetailResponse } from '@sendflow/domain';
import { allFields } from './form-values';

/** What a task's form is drawn and validated from. */
export interface TaskFormSource { definition: FormDefinition; bundle: FormBundle }

type TaskWithForm = Pick<TaskDetailResponse, 'form'> & {
  /** The form version the request pinned (GET /api/tasks/:id once forms are versioned). */
  formDefinition?: FormDefinition | null;
  /** The audit criteria version the request runs with. */
  auditCriteria?: FormBundle['criteria'] | null;
  /** The pinned forms this form refers to (the pro forma under review). */
  relatedForms?: Record<string, FormDefinition> | null;
};

/**
 * The one place the web app decides which definition and criteria a task's form uses: the ones
 * the API sends with the task (the request's pinned versions), else the shipped ones. Null when
 * neither knows the form.
 */
export function taskFormSource(task: TaskWithForm): TaskFormSource | null {
  const definition = task.formDefinition ?? SHIPPED_FORMS[task.form];
  if (!definition) return null;
  return {
    definition,
    bundle: { forms: { ...SHIPPED_FORMS, ...task.relatedForms, [task.form]: definition }, criteria: task.auditCriteria ?? SHIPPED_BUNDLE.criteria },
  };
}

export function useTaskFormSource(task: TaskWithForm): TaskFormSource | null {
  const { form, formDefinition, auditCriteria, relatedForms } = task;
  return useMemo(() => taskFormSource({ form, formDefinition, auditCriteria, relatedForms }), [form, formDefinition, auditCriteria, relatedForms]);
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});

/**
 * What a task's form starts from: the saved draft; else the previous attempt (rework) or the advice
 * returned (a correction's amendment); else what
 * an earlier task answered, for each field that names where it starts from (`prefillFrom:
 * 'triage.knownServices'`: allocation starts from the services triage identified).
 */
export function startingAnswer(task: Pick<TaskDetailResponse, 'draft' | 'prefill'>, definition: FormDefinition): { outcome: string | null; data: Rec } | null {
  if (task.draft) return { outcome: task.draft.outcome, data: task.draft.data };
  const prefill = task.prefill;
  if (!prefill) return null;
  const given = rec(prefill.data);
  // Rework, or a correction after return: the whole form starts from what the service gave before.
  if (prefill.source === 'previous_attempt' || prefill.source === 'returned_advice') return { outcome: null, data: given };
  // A new draft: the author section as the API found it for this user (only the form's own author fields).
  if (prefill.source === 'author') return { outcome: null, data: given };
  const data: Rec = {};
  for (const f of allFields(definition)) {
    if (f.kind !== 'services' || !f.prefillFrom) continue;
    const [form, field] = f.prefillFrom.split('.');
    if (form !== prefill.source) continue;
    // The API may already name the value by this form's field, or by the earlier form's.
    const value = given[f.id] ?? given[field];
    if (value !== undefined) data[f.id] = value;
  }
  return { outcome: null, data };
}
