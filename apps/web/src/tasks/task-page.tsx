import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { mayActOnTask, mayClaimTask, mayReleaseTask, ragColour, type RagColour, type TaskDetailResponse } from '@sendflow/domain';
import { useClaimTask, useCompletionProgress, useSettings, useTask } from '../api/hooks';
import { errorText } from '../api/http';
import { useUser } from '../app/session';
import { ProblemSummary } from '../ui/error-summary';
import { BackLink, Button, formatDate, Loading, NotificationBanner, SummaryList, Tag, type TagColour } from '../ui/parts';
import { useDraftAutosave } from './draft-autosave';
import { TaskAnswer, TaskForm } from './task-form';

const time = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

const RAG_TAG: Record<RagColour, TagColour> = { red: 'red', amber: 'orange', green: 'green' };

/**
 * Days to the statutory date as a tag, coloured by the caseload's own rule (libs/domain `ragColour`)
 * with the trust's thresholds from the API, so a request is the same colour on every screen.
 * Grey until the thresholds have arrived rather than a colour that might be wrong.
 */
export function DaysLeftTag({ days }: { days: number | null }) {
  const thresholds = useSettings().data?.ragThresholds;
  if (days === null) return null;
  const colour = thresholds ? RAG_TAG[ragColour({ daysLeft: days, overdue: days < 0, anyTaskLate: false }, thresholds)] : 'grey';
  const text = days < 0 ? `${-days} day${days === -1 ? '' : 's'} overdue` : days === 0 ? 'Due today' : `${days} day${days === 1 ? '' : 's'} left`;
  return <Tag colour={colour}>{text}</Tag>;
}

/**
 * /tasks/:id — working one task: who the child is, the request's documents, the form (starting
 * from the saved draft or the prefill), the reviewer's feedback on rework, and for a quality
 * review the draft beside the checklist. The draft saves itself while the person types.
 */
export function TaskPage() {
  const { id = '' } = useParams();
  const { data: task, error, isPending } = useTask(id);
  if (isPending) return <Loading what="the task" />;
  if (error || !task) return <><h1>Task</h1><ProblemSummary error={error} /><p><Link to="/tasks">Back to my tasks</Link></p></>;
  return <TaskWork key={task.id} task={task} />;
}

function TaskWork({ task }: { task: TaskDetailResponse }) {
  const user = useUser();
  const navigate = useNavigate();
  const person = { roles: user.roles, services: user.services, userId: user.id };
  const mayAct = task.status === 'open' && mayActOnTask(person, task);
  const autosave = useDraftAutosave(task.id, mayAct, task.draft?.savedAt ?? null);
  const claim = useClaimTask();
  const processing = useCompletionProgress(task.id).data?.state === 'processing';
  const [holder, setHolder] = useState({ id: task.assigneeId, name: task.assigneeName });
  const facts = { ...task, assigneeId: holder.id };
  // Back to the list this was opened from (its tab or request filter), else the role's list.
  const from = (useLocation().state as { from?: string } | null)?.from;
  const back = from ?? (task.form === 'qa_review' ? '/review' : '/tasks');
  const r = task.request;
  const feedback = task.reviewFeedback;

  async function take(release: boolean) {
    await claim.mutateAsync({ taskId: task.id, release });
    setHolder(release ? { id: null, name: null } : { id: user.id, name: user.displayName });
  }

  return (
    <>
      <BackLink to={back}>Back to {back.startsWith('/review') ? 'the review queue' : back.startsWith('/requests/') ? 'the request' : 'the task list'}</BackLink>
      <span className="nhsuk-caption-l">{r ? `${r.child.givenName} ${r.child.familyName}` : 'Request'}</span>
      <h1>{task.label}{task.serviceCode ? ` (${task.serviceCode})` : ''}</h1>
      {r && (
        <SummaryList rows={[
          { key: 'Child', value: `${r.child.givenName} ${r.child.familyName}` },
          { key: 'LA reference', value: <>{r.laReference} · {r.localAuthorityName ?? r.localAuthorityCode}</> },
          { key: 'Statutory due date', value: <>{formatDate(r.statutoryDueDate)} <DaysLeftTag days={task.daysLeft} /></> },
          ...(r.laDueDate ? [{ key: "LA's own deadline", value: formatDate(r.laDueDate) }] : []),
          { key: 'Task target', value: <>{formatDate(task.dueDate)}{task.attempt > 1 ? ` (attempt ${task.attempt})` : ''}</> },
          { key: 'Held by', value: holder.id ? (holder.id === user.id ? `${user.displayName} (you)` : holder.name ?? 'Someone') : 'Nobody (in the queue)' },
        ]} />
      )}
      {/* Who may claim or release is the access rule's; whether there is anything left to hold is the task's state. */}
      {task.status === 'open' && ((mayClaimTask(person, facts) && holder.id !== user.id) || (holder.id && mayReleaseTask(person, facts))) ? (
        <p>
          {mayClaimTask(person, facts) && holder.id !== user.id && <Button small variant="secondary" disabled={claim.isPending} onClick={() => void take(false).catch(() => undefined)}>Claim this task</Button>}
          {holder.id && mayReleaseTask(person, facts) && <Button small variant="secondary" disabled={claim.isPending} onClick={() => void take(true).catch(() => undefined)}>Release to the queue</Button>}
          {claim.error && <span className="nhsuk-error-message">{errorText(claim.error)}</span>}
        </p>
      ) : null}
      {task.documents.length > 0 && (
        <>
          <h2 className="nhsuk-heading-s">The request's documents</h2>
          <ul className="app-documents">
            {task.documents.map((d) => (
              <li key={d.id}><a href={`/api/requests/${encodeURIComponent(task.requestId)}/documents/${encodeURIComponent(d.id)}`} download>{d.filename}</a> <span className="nhsuk-body-s">({d.kind})</span></li>
            ))}
          </ul>
        </>
      )}
      {feedback && (
        <div className="nhsuk-warning-callout app-feedback" role="region" aria-labelledby="feedback-heading">
          <h2 className="nhsuk-warning-callout__label" id="feedback-heading">The reviewer returned this for rework</h2>
          {feedback.comments && <p className="app-prewrap">{feedback.comments}</p>}
          {feedback.criteria.some((c) => c.result === 'fail') && (
            <ul>
              {feedback.criteria.filter((c) => c.result === 'fail').map((c) => (
                <li key={c.id}><strong>{c.text}</strong>: {c.comment}</li>
              ))}
            </ul>
          )}
          {Object.keys(feedback.sectionComments).length > 0 && <p className="nhsuk-body-s">Comments on single sections are shown beside those sections below.</p>}
        </div>
      )}
      {task.status !== 'open' && <NotificationBanner title="Done">This task is {task.status}.</NotificationBanner>}
      {task.status === 'completed' && <TaskAnswer task={task} />}
      {mayAct && (
        <>
          <p className="app-save-status" role="status" aria-live="polite">
            {autosave.error ? <span className="nhsuk-error-message">Not saved: {autosave.error}</span>
              : autosave.saving ? 'Saving…' : autosave.savedAt ? `Saved at ${time(autosave.savedAt)}` : 'Your answers save automatically as you type.'}
          </p>
          <TaskForm
            task={task}
            autosave={autosave}
            onCancel={() => { void autosave.flush().then(() => navigate(back)); }}
            onCompleted={(outcome) => navigate(back, { state: { done: `“${task.label}” completed: ${outcome}.` } })}
          />
          {/* Beside the submit button, where the person is looking; a live region, so it is also heard. */}
          <div role="status" aria-live="polite" className="app-completion-status">
            {processing && (
              <div className="nhsuk-inset-text">
                <h2 className="nhsuk-heading-s">Submitted — still being processed</h2>
                <p>SENDflow has your answers and is finishing this step. Stay on this page: it moves on when the step is done.</p>
              </div>
            )}
          </div>
        </>
      )}
      {!mayAct && task.status === 'open' && <p>You can see this task but not work on it{task.serviceCode ? ` (it belongs to ${task.serviceCode})` : ''}.</p>}
    </>
  );
}
