import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { variantFields, type TaskDetailResponse } from '@sendflow/domain';
import { useCompleteTask } from '../api/hooks';
import { FormRenderer } from '../forms/form-renderer';
import { allFields, toData, toFormValues, type FormValues } from '../forms/form-values';
import { startingAnswer, useTaskFormSource, type TaskFormSource } from '../forms/task-form-definition';
import { Choice, ChoiceGroup } from '../ui/fields';
import { Button, ButtonGroup } from '../ui/parts';
import type { DraftAutosave } from './draft-autosave';

interface Props {
  task: TaskDetailResponse;
  onCompleted: (outcomeLabel: string) => void;
  onCancel: () => void;
  autosave?: DraftAutosave;
}

/**
 * Working a task: its outcome and its form, drawn from the form's definition (FormRenderer). The
 * form starts from the saved draft, else the prefill (the services triage identified; on rework
 * the previous attempt, with the reviewer's comment above each section it concerns). A quality
 * review shows the draft beside its checklist. Every change goes to the draft's autosave.
 */
export function TaskForm(props: Props) {
  const source = useTaskFormSource(props.task);
  if (!source) {
    return <p className="nhsuk-error-message">The form of this task (“{props.task.form}”) is not published, so it cannot be worked here.</p>;
  }
  return <TaskFormBody {...props} source={source} />;
}

function TaskFormBody({ task, onCompleted, onCancel, autosave, source: { definition, bundle } }: Props & { source: TaskFormSource }) {
  const [start] = useState(() => startingAnswer(task, definition));
  const [outcome, setOutcome] = useState(() =>
    (start?.outcome && task.outcomes.some((o) => o.id === start.outcome) ? start.outcome : task.outcomes[0]?.id) ?? 'default');
  const defaultValues = useMemo(() => toFormValues(definition, start?.data, bundle), [definition, start, bundle]);
  const complete = useCompleteTask();

  // Every outcome's fields go into the draft, so switching outcome and back loses nothing.
  const draftFields = useMemo(() => allFields(definition), [definition]);
  const changed = autosave?.changed;
  const onChange = useCallback((values: FormValues) => changed?.(outcome, toData(draftFields, values)), [changed, outcome, draftFields]);

  const fieldNotes = useMemo(() => reviewerNotes(task.reviewFeedback?.sectionComments ?? {}, (id) => draftFields.find((f) => f.id === id)?.label ?? id), [task.reviewFeedback, draftFields]);

  // A reviewer decides after reading the draft and the checklist; everyone else says first what they are answering.
  const decidesLast = definition.variants.some((v) => variantFields(v).some((f) => f.kind === 'criteria'));
  const outcomeChoice = task.outcomes.length > 1 && (
    <ChoiceGroup id="outcome" legend="Outcome" type="radio" small>
      {task.outcomes.map((o) => (
        <Choice key={o.id} id={`outcome-${o.id}`} type="radio" name="outcome" value={o.id} label={o.label} checked={outcome === o.id} onChange={() => setOutcome(o.id)} />
      ))}
    </ChoiceGroup>
  );

  async function submit(data: Record<string, unknown>) {
    await autosave?.flush();
    await complete.mutateAsync({ taskId: task.id, outcome, data });
    autosave?.stop();
    onCompleted(task.outcomes.find((o) => o.id === outcome)?.label ?? outcome);
  }

  return (
    <div className="nhsuk-card app-card-form">
      <div className="nhsuk-card__content">
        <h2 id="task-form-heading" className="nhsuk-u-visually-hidden">{task.label}</h2>
        <FormRenderer
          definition={definition}
          outcome={outcome}
          bundle={bundle}
          defaultValues={defaultValues}
          onChange={onChange}
          onSubmit={submit}
          fieldNotes={fieldNotes}
          reviewed={task.underReview ? { answer: task.underReview.data, outcome: task.underReview.outcome, title: 'The draft under review' } : undefined}
          formProps={{ 'aria-labelledby': 'task-form-heading' }}
          header={!decidesLast && outcomeChoice}
          footer={(
            <>
              {decidesLast && outcomeChoice}
              <ButtonGroup>
                <Button type="submit" disabled={complete.isPending}>{task.outcomes.length === 1 ? task.outcomes[0].label : 'Complete task'}</Button>
                <Button variant="secondary" onClick={onCancel}>Cancel</Button>
              </ButtonGroup>
            </>
          )}
        />
      </div>
    </div>
  );
}

/** A completed task's answer, read-only and drawn from the same definition (what was decided, and why). */
export function TaskAnswer({ task }: { task: TaskDetailResponse }) {
  const source = useTaskFormSource(task);
  const outcome = task.outcome ?? 'default';
  const label = task.outcomes.find((o) => o.id === outcome)?.label ?? outcome;
  return (
    <section aria-labelledby="task-answer-heading">
      <h2 id="task-answer-heading">The answer</h2>
      <p>Outcome: <strong>{label}</strong></p>
      {source && <FormRenderer readOnly definition={source.definition} outcome={outcome} bundle={source.bundle} answer={task.data} />}
    </section>
  );
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** The reviewer's comment on each section, to show above that section (rework). */
function reviewerNotes(comments: Record<string, string>, labelOf: (id: string) => string): Record<string, ReactNode> {
  return Object.fromEntries(Object.entries(comments).map(([id, text]) => [id, (
    <div className="nhsuk-inset-text app-reviewer-note" id={`note-${id}`} key={id}>
      <strong>The reviewer's comment on {lower(labelOf(id))}:</strong> <span className="app-prewrap">{text}</span>
    </div>
  )]));
}
