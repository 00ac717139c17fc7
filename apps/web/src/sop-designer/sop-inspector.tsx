import { useEffect, useState, type ReactNode } from 'react';
import { FORMS, ROLES } from '@sendflow/domain';
import {
  expectedOutcomes, NODE_ID, SYSTEM_ACTIONS,
  type DecisionNode, type EndNode, type HumanTaskNode, type SopDefinition, type SopGraph, type SopNode, type SystemActionNode, type TargetDuration, type TimerNode,
} from '@sendflow/sop';
import { addEdge, graphAt, KIND_LABEL, removeItems, renameNode, renameOutcome, updateEdge, updateNode, type GraphPath } from './graph-edit';
import type { Selection } from './sop-canvas';

interface Props {
  definition: SopDefinition;
  path: GraphPath;
  selection: Selection;
  readOnly: boolean;
  /** Issues of the selected item, shown at the top of the panel. */
  issues: string[];
  onChange(next: SopDefinition): void;
  onSelect(selection: Selection): void;
  onOpenBlock(blockId: string): void;
  /** The server's forms (GET /api/form-versions/catalogue); the shipped ones until it answers. */
  forms?: readonly { key: string; title: string; publishedVersion: number | null }[];
}

const SHIPPED_CHOICES = Object.entries(FORMS).map(([key, f]) => ({ key, title: f.title, publishedVersion: 1 as number | null }));
const roleText = (r: string) => r.replace(/_/g, ' ');

function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="sop-field">
      <label htmlFor={id}>{label}</label>
      {hint && <span className="app-hint" id={`${id}-hint`}>{hint}</span>}
      {children}
    </div>
  );
}

const toInt = (v: string) => {
  const n = Number.parseInt(v, 10);
  return Number.isNaN(n) ? 0 : n;
};

/** The outcomes a node can send an edge on, as options: task outcomes, yes/no for decisions, or none. */
function outcomeOptions(node: SopNode | undefined): { value: string; label: string }[] {
  if (!node) return [];
  if (node.kind === 'humanTask') return node.outcomes.map((o) => ({ value: o.id, label: `${o.label} (${o.id})` }));
  if (node.kind === 'decision') return [{ value: 'true', label: 'Yes (true)' }, { value: 'false', label: 'No (false)' }];
  return [];
}

function Duration({ id, legend, value, onChange }: { id: string; legend: string; value: TargetDuration; onChange: (v: TargetDuration) => void }) {
  return (
    <fieldset className="sop-inline">
      <legend>{legend}</legend>
      <div className="sop-row">
        <Field id={`${id}-days`} label="Days">
          <input id={`${id}-days`} type="number" min={1} max={366} inputMode="numeric" value={value.days} onChange={(e) => onChange({ ...value, days: toInt(e.target.value) })} />
        </Field>
        <Field id={`${id}-unit`} label="Kind of days">
          <select id={`${id}-unit`} value={value.unit} onChange={(e) => onChange({ ...value, unit: e.target.value as TargetDuration['unit'] })}>
            <option value="working">Working days</option>
            <option value="calendar">Calendar days</option>
          </select>
        </Field>
      </div>
    </fieldset>
  );
}

/**
 * The side panel: every field of the selected step or connection, editable on a draft. Every
 * change goes straight into the definition, so validation re-runs as the manager types.
 */
export function SopInspector({ definition, path, selection, readOnly, issues, onChange, onSelect, onOpenBlock, forms }: Props) {
  const graph = graphAt(definition, path);
  if (!graph || !selection) {
    return <p className="app-hint">Select a step or a connection on the canvas (or in the list of steps) to see its details{readOnly ? '' : ' and edit them'}.</p>;
  }
  const issueList = issues.length > 0 && (
    <div className="sop-issue-box" role="note">
      <strong>{issues.length === 1 ? 'Issue' : `${issues.length} issues`}</strong>
      <ul>{issues.map((m, i) => <li key={i}>{m}</li>)}</ul>
    </div>
  );
  if (selection.type === 'edge') {
    const edge = graph.edges.find((e) => e.id === selection.id);
    if (!edge) return null;
    return (
      <fieldset disabled={readOnly} className="sop-inspector">
        <legend className="sop-inspector__title">Connection {edge.id}</legend>
        {issueList}
        <EdgeFields definition={definition} path={path} graph={graph} edgeId={edge.id} onChange={onChange} />
        {!readOnly && (
          <button type="button" className="nhsuk-button nhsuk-button--warning nhsuk-button--small" onClick={() => { onChange(removeItems(definition, path, [], [edge.id])); onSelect(null); }}>
            Delete connection
          </button>
        )}
      </fieldset>
    );
  }
  const node = graph.nodes.find((n) => n.id === selection.id);
  if (!node) return null;
  const set = (change: (n: SopNode) => SopNode) => onChange(updateNode(definition, path, node.id, change));
  return (
    <fieldset disabled={readOnly} className="sop-inspector">
      <legend className="sop-inspector__title">{KIND_LABEL[node.kind]}: {node.label}</legend>
      {issueList}
      <Field id="insp-label" label="Label">
        <input id="insp-label" value={node.label} onChange={(e) => set((n) => ({ ...n, label: e.target.value }))} />
      </Field>
      <RenameId key={`${path.join('/')}:${node.id}`} graph={graph} nodeId={node.id} readOnly={readOnly}
        onRename={(next) => { onChange(renameNode(definition, path, node.id, next)); onSelect({ type: 'node', id: next }); }} />
      {node.kind === 'humanTask' && <HumanTaskFields node={node} set={set} definition={definition} path={path} onChange={onChange} forms={forms} />}
      {node.kind === 'decision' && <DecisionFields node={node} graph={graph} set={set} />}
      {node.kind === 'timer' && <TimerFields node={node} graph={graph} set={set} />}
      {node.kind === 'systemAction' && <SystemActionFields node={node} set={set} />}
      {node.kind === 'end' && <EndFields node={node} set={set} inBlock={path.length > 0} />}
      {node.kind === 'perService' && (
        <p><button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => onOpenBlock(node.id)}>Open block: {node.label}</button></p>
      )}
      {!readOnly && node.kind !== 'timer' && node.kind !== 'end' && (
        <ConnectForm key={`${node.id}:${graph.edges.length}`} definition={definition} path={path} graph={graph} node={node} onChange={onChange} onSelect={onSelect} />
      )}
      {!readOnly && (
        <button type="button" className="nhsuk-button nhsuk-button--warning nhsuk-button--small" onClick={() => { onChange(removeItems(definition, path, [node.id], [])); onSelect(null); }}>
          Delete step
        </button>
      )}
    </fieldset>
  );
}

/** Ids are referenced by edges, anchors and decisions, so a rename is applied on request (and carried into them), not per keystroke. */
function RenameId({ graph, nodeId, readOnly, onRename }: { graph: SopGraph; nodeId: string; readOnly: boolean; onRename: (next: string) => void }) {
  const [value, setValue] = useState(nodeId);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setValue(nodeId), [nodeId]);
  const apply = () => {
    const next = value.trim();
    if (next === nodeId) return setError(null);
    const parsed = NODE_ID.safeParse(next);
    if (!parsed.success) return setError(`Id ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
    if (graph.nodes.some((n) => n.id === next)) return setError(`Id “${next}” is already used in this flow`);
    setError(null);
    onRename(next);
  };
  return (
    <div className={`sop-field${error ? " sop-field--error" : ""}`}>
      <label htmlFor="insp-id">Step id</label>
      <span className="app-hint" id="insp-id-hint">Used in the audit trail and by connections; lower-case letters, digits, - or _</span>
      {error && <span className="nhsuk-error-message" id="insp-id-error"><span className="nhsuk-u-visually-hidden">Error:</span> {error}</span>}
      <div className="sop-inline-row">
        <input id="insp-id" value={value} onChange={(e) => setValue(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); apply(); } }}
          aria-invalid={error ? true : undefined} aria-describedby={`insp-id-hint${error ? ' insp-id-error' : ''}`} />
        {!readOnly && <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={apply} disabled={value.trim() === nodeId}>Rename</button>}
      </div>
    </div>
  );
}

function HumanTaskFields({ node, set, definition, path, onChange, forms }: {
  node: HumanTaskNode; set: (c: (n: SopNode) => SopNode) => void; definition: SopDefinition; path: GraphPath; onChange: (d: SopDefinition) => void;
  forms?: Props['forms'];
}) {
  const choices = forms ?? SHIPPED_CHOICES;
  const setTask = (patch: Partial<HumanTaskNode>) => set((n) => ({ ...(n as HumanTaskNode), ...patch }));
  return (
    <>
      <Field id="insp-role" label="Role that does it">
        <select id="insp-role" value={node.role} onChange={(e) => setTask({ role: e.target.value as HumanTaskNode['role'] })}>
          {ROLES.map((r) => <option key={r} value={r}>{roleText(r)}</option>)}
        </select>
      </Field>
      <div className="sop-field sop-field--checkbox">
        <input id="insp-scoped" type="checkbox" checked={node.serviceScoped} onChange={(e) => setTask({ serviceScoped: e.target.checked })} />
        <label htmlFor="insp-scoped">Only members of the branch's service (inside a per-service block)</label>
      </div>
      <Field id="insp-form" label="Form">
        <select id="insp-form" value={node.form} onChange={(e) => setTask({ form: e.target.value })}>
          {!choices.some((f) => f.key === node.form) && <option value={node.form}>{node.form} (unknown)</option>}
          {choices.map((f) => <option key={f.key} value={f.key}>{f.title} ({f.key}){f.publishedVersion === null ? ', not published yet' : ''}</option>)}
        </select>
      </Field>
      <fieldset>
        <legend>Outcomes</legend>
        <ol className="sop-outcomes">
          {node.outcomes.map((o, i) => (
            <li key={i}>
              <div className="sop-row">
                <OutcomeId index={i} value={o.id} onCommit={(next) => onChange(renameOutcome(definition, path, node.id, o.id, next))} />
                <Field id={`insp-outcome-${i}-label`} label={`Outcome ${i + 1} label`}>
                  <input id={`insp-outcome-${i}-label`} value={o.label}
                    onChange={(e) => setTask({ outcomes: node.outcomes.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)) })} />
                </Field>
              </div>
              {node.outcomes.length > 1 && (
                <button type="button" className="app-link-button" onClick={() => setTask({ outcomes: node.outcomes.filter((_, j) => j !== i) })}>
                  Remove outcome {i + 1} ({o.label})
                </button>
              )}
            </li>
          ))}
        </ol>
        {node.outcomes.length < 8 && (
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => {
            const taken = new Set(node.outcomes.map((o) => o.id));
            let n = node.outcomes.length + 1;
            while (taken.has(`outcome_${n}`)) n++;
            setTask({ outcomes: [...node.outcomes, { id: `outcome_${n}`, label: `Outcome ${n}` }] });
          }}>Add an outcome</button>
        )}
      </fieldset>
      <div className="sop-field sop-field--checkbox">
        <input id="insp-has-target" type="checkbox" checked={!!node.target}
          onChange={(e) => setTask({ target: e.target.checked ? { days: 5, unit: 'working' } : undefined })} />
        <label htmlFor="insp-has-target">Has an internal target</label>
      </div>
      {node.target && <Duration id="insp-target" legend="Target" value={node.target} onChange={(target) => setTask({ target })} />}
    </>
  );
}

/** An outcome id is referenced by edges, so it too is renamed on leaving the field rather than per keystroke. */
function OutcomeId({ index, value, onCommit }: { index: number; value: string; onCommit: (next: string) => void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => { if (draft !== value) onCommit(draft.trim()); };
  return (
    <Field id={`insp-outcome-${index}-id`} label={`Outcome ${index + 1} id`}>
      <input id={`insp-outcome-${index}-id`} value={draft} onChange={(e) => setDraft(e.target.value)} onBlur={commit}
        onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); commit(); } }} />
    </Field>
  );
}

function DecisionFields({ node, graph, set }: { node: DecisionNode; graph: SopGraph; set: (c: (n: SopNode) => SopNode) => void }) {
  const setCondition = (patch: Partial<DecisionNode['condition']>) => set((n) => ({ ...(n as DecisionNode), condition: { ...(n as DecisionNode).condition, ...patch } }));
  const equalsKind = node.condition.equals === true ? 'true' : node.condition.equals === false ? 'false' : 'text';
  const subjects = ['request.ehcpFlag', 'request.adviceType', 'request.localAuthorityCode', ...graph.nodes.filter((n) => n.kind === 'humanTask').map((n) => `outcome.${n.id}`)];
  return (
    <>
      <Field id="insp-subject" label="What it tests" hint="A request field, or the outcome of a task in this flow">
        <input id="insp-subject" list="insp-subjects" value={node.condition.subject} onChange={(e) => setCondition({ subject: e.target.value })} aria-describedby="insp-subject-hint" />
        <datalist id="insp-subjects">{subjects.map((s) => <option key={s} value={s} />)}</datalist>
      </Field>
      <Field id="insp-equals-kind" label="Is true when it equals">
        <select id="insp-equals-kind" value={equalsKind} onChange={(e) => setCondition({ equals: e.target.value === 'true' ? true : e.target.value === 'false' ? false : '' })}>
          <option value="true">Yes (true)</option>
          <option value="false">No (false)</option>
          <option value="text">A value…</option>
        </select>
      </Field>
      {equalsKind === 'text' && (
        <Field id="insp-equals" label="Value">
          <input id="insp-equals" value={String(node.condition.equals)} onChange={(e) => setCondition({ equals: e.target.value })} />
        </Field>
      )}
    </>
  );
}

function TimerFields({ node, graph, set }: { node: TimerNode; graph: SopGraph; set: (c: (n: SopNode) => SopNode) => void }) {
  const setTimer = (patch: Partial<TimerNode>) => set((n) => ({ ...(n as TimerNode), ...patch }));
  const tasks = graph.nodes.filter((n) => n.kind === 'humanTask');
  return (
    <>
      <Field id="insp-purpose" label="Purpose">
        <select id="insp-purpose" value={node.purpose} onChange={(e) => setTimer({ purpose: e.target.value as TimerNode['purpose'] })}>
          <option value="reminder">Reminder</option>
          <option value="escalation">Escalation</option>
        </select>
      </Field>
      <Field id="insp-anchor" label="Counts from">
        <select id="insp-anchor" value={node.anchor.from}
          onChange={(e) => setTimer({ anchor: e.target.value === 'received' ? { from: 'received' } : { from: 'taskStart', nodeId: tasks[0]?.id ?? '' } })}>
          <option value="received">The day the request was received</option>
          <option value="taskStart">When a task opens (while it stays open)</option>
        </select>
      </Field>
      {node.anchor.from === 'taskStart' && (
        <Field id="insp-anchor-task" label="Task">
          <select id="insp-anchor-task" value={node.anchor.nodeId} onChange={(e) => setTimer({ anchor: { from: 'taskStart', nodeId: e.target.value } })}>
            {!tasks.some((t) => t.id === (node.anchor as { nodeId: string }).nodeId) && <option value={node.anchor.nodeId}>{node.anchor.nodeId || '(choose)'} (not a task here)</option>}
            {tasks.map((t) => <option key={t.id} value={t.id}>{t.label} ({t.id})</option>)}
          </select>
        </Field>
      )}
      <Duration id="insp-offset" legend="Fires after" value={node.offset} onChange={(offset) => setTimer({ offset })} />
      <Field id="insp-notify" label="Notifies">
        <select id="insp-notify" value={node.notifyRole} onChange={(e) => setTimer({ notifyRole: e.target.value as TimerNode['notifyRole'] })}>
          {ROLES.map((r) => <option key={r} value={r}>{roleText(r)}</option>)}
        </select>
      </Field>
      <Field id="insp-message" label="Message">
        <textarea id="insp-message" rows={3} value={node.message} onChange={(e) => setTimer({ message: e.target.value })} />
      </Field>
    </>
  );
}

const ACTION_LABEL: Record<SystemActionNode['action'], string> = {
  compileAdvice: 'Compile the services’ advice', returnToLa: 'Record the return to the LA', recordNotKnown: 'Record “not known”', notify: 'Send a notification',
};

function SystemActionFields({ node, set }: { node: SystemActionNode; set: (c: (n: SopNode) => SopNode) => void }) {
  const setAction = (patch: Partial<SystemActionNode>) => set((n) => {
    const next = { ...(n as SystemActionNode), ...patch };
    if (next.notifyRole === undefined) delete next.notifyRole;
    return next;
  });
  return (
    <>
      <Field id="insp-action" label="What the system does">
        <select id="insp-action" value={node.action} onChange={(e) => setAction({ action: e.target.value as SystemActionNode['action'] })}>
          {SYSTEM_ACTIONS.map((a) => <option key={a} value={a}>{ACTION_LABEL[a]}</option>)}
        </select>
      </Field>
      <Field id="insp-action-notify" label="Notifies (optional)">
        <select id="insp-action-notify" value={node.notifyRole ?? ''} onChange={(e) => setAction({ notifyRole: (e.target.value || undefined) as SystemActionNode['notifyRole'] })}>
          <option value="">Nobody</option>
          {ROLES.map((r) => <option key={r} value={r}>{roleText(r)}</option>)}
        </select>
      </Field>
    </>
  );
}

function EndFields({ node, set, inBlock }: { node: EndNode; set: (c: (n: SopNode) => SopNode) => void; inBlock: boolean }) {
  return (
    <Field id="insp-result" label="The request ends as" hint={inBlock ? 'Inside a per-service block an end finishes the branch: leave this empty' : undefined}>
      <select id="insp-result" value={node.result ?? ''} aria-describedby={inBlock ? 'insp-result-hint' : undefined}
        onChange={(e) => set((n) => {
          const next = { ...(n as EndNode), result: (e.target.value || undefined) as EndNode['result'] };
          if (!next.result) delete next.result;
          return next;
        })}>
        <option value="">(nothing: ends a branch)</option>
        <option value="returned">Returned to the LA</option>
        <option value="not_known">Not known to health services</option>
      </select>
    </Field>
  );
}

function EdgeFields({ definition, path, graph, edgeId, onChange }: { definition: SopDefinition; path: GraphPath; graph: SopGraph; edgeId: string; onChange: (d: SopDefinition) => void }) {
  const edge = graph.edges.find((e) => e.id === edgeId)!;
  const source = graph.nodes.find((n) => n.id === edge.source);
  const options = outcomeOptions(source);
  const set = (patch: { outcome?: string; target?: string }) => onChange(updateEdge(definition, path, edge.id, (e) => {
    const next = { ...e, ...patch };
    if (!next.outcome) delete next.outcome;
    return next;
  }));
  return (
    <>
      <p>From <strong>{source?.label ?? edge.source}</strong></p>
      {(options.length > 0 || edge.outcome) && (
        <Field id="insp-edge-outcome" label="On outcome">
          <select id="insp-edge-outcome" value={edge.outcome ?? ''} onChange={(e) => set({ outcome: e.target.value })}>
            <option value="">(none)</option>
            {edge.outcome && !options.some((o) => o.value === edge.outcome) && <option value={edge.outcome}>{edge.outcome} (not an outcome of this step)</option>}
            {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
        </Field>
      )}
      <Field id="insp-edge-target" label="Goes to">
        <select id="insp-edge-target" value={edge.target} onChange={(e) => set({ target: e.target.value })}>
          {!graph.nodes.some((n) => n.id === edge.target) && <option value={edge.target}>{edge.target} (missing)</option>}
          {graph.nodes.filter((n) => n.kind !== 'start' && n.kind !== 'timer').map((n) => <option key={n.id} value={n.id}>{n.label} ({n.id})</option>)}
        </select>
      </Field>
    </>
  );
}

/** The keyboard way to add an edge (dragging between handles on the canvas does the same). */
function ConnectForm({ definition, path, graph, node, onChange, onSelect }: {
  definition: SopDefinition; path: GraphPath; graph: SopGraph; node: SopNode; onChange: (d: SopDefinition) => void; onSelect: (s: Selection) => void;
}) {
  const options = outcomeOptions(node);
  const wired = new Set(graph.edges.filter((e) => e.source === node.id).map((e) => e.outcome ?? ''));
  const firstFree = expectedOutcomes(node).find((o) => !wired.has(o ?? '')) ?? options[0]?.value;
  const [outcome, setOutcome] = useState<string>(firstFree ?? '');
  const targets = graph.nodes.filter((n) => n.id !== node.id && n.kind !== 'start' && n.kind !== 'timer');
  const [target, setTarget] = useState(targets[0]?.id ?? '');
  return (
    <fieldset className="sop-connect">
      <legend>Connect “{node.label}” to a next step</legend>
      {options.length > 0 && (
        <Field id="insp-connect-outcome" label="On outcome">
          <select id="insp-connect-outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)}>
            {options.map((o) => <option key={o.value} value={o.value}>{o.label}{wired.has(o.value) ? ' (already connected)' : ''}</option>)}
          </select>
        </Field>
      )}
      <Field id="insp-connect-target" label="Next step">
        <select id="insp-connect-target" value={target} onChange={(e) => setTarget(e.target.value)}>
          {targets.map((n) => <option key={n.id} value={n.id}>{n.label} ({n.id})</option>)}
        </select>
      </Field>
      <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={!target} onClick={() => {
        onChange(addEdge(definition, path, node.id, target, options.length ? outcome : undefined).definition);
      }}>Add connection</button>
      {graph.edges.some((e) => e.source === node.id) && (
        <>
          <h3 className="sop-subheading">Connections from this step</h3>
          <ul className="sop-connections">
            {graph.edges.filter((e) => e.source === node.id).map((e) => (
              <li key={e.id}>
                <button type="button" className="app-link-button" onClick={() => onSelect({ type: 'edge', id: e.id })}>
                  {e.outcome ? `${options.find((o) => o.value === e.outcome)?.label ?? e.outcome} → ` : '→ '}
                  {graph.nodes.find((n) => n.id === e.target)?.label ?? e.target}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </fieldset>
  );
}
