import { createContext, memo, useContext } from 'react';
import { Handle, Position, type Node, type NodeProps, type NodeTypes } from '@xyflow/react';
import type { SopNode } from '@sendflow/sop';
import { KIND_LABEL } from './graph-edit';

/** What a canvas node draws: the SOP node itself, its issues, and which stray handles it needs. */
export type SopNodeData = {
  node: SopNode;
  issues: string[];
  /** Issues inside a per-service block's body, shown on the block. */
  innerIssues: number;
  /** The node has an edge in or out that validation will refuse (e.g. a wired timer): draw a handle so the edge stays visible. */
  strayIn: boolean;
  strayOut: boolean;
  /** Visual diff or running-request state of the step, drawn as a coloured badge. */
  mark?: 'added' | 'removed' | 'changed' | 'moved' | 'done' | 'current' | 'ahead';
  /** Extra lines (a running request's due dates). */
  notes?: string[];
  /** A per-service block drawn as a group with its inner flow inside it (the canvas sizes it). */
  group?: boolean;
  /** A step inside a group: drawn small, read here and edited by opening the block. */
  inner?: { blockId: string };
};
export type SopFlowNode = Node<SopNodeData>;

/** Lets a block node open its body without putting callbacks in node data. */
export const OpenBlockContext = createContext<(blockId: string) => void>(() => undefined);

/** The source handle an edge leaves from: its outcome's own handle on tasks and decisions, else the node's one `out`. */
export function sourceHandleFor(node: SopNode | undefined, outcome: string | undefined): string {
  if (node?.kind === 'humanTask' && outcome && node.outcomes.some((o) => o.id === outcome)) return `o:${outcome}`;
  if (node?.kind === 'decision' && (outcome === 'true' || outcome === 'false')) return `o:${outcome}`;
  return 'out';
}

/** The outcome a connection dragged from `handle` carries. */
export function outcomeForHandle(handle: string | null | undefined): string | undefined {
  return handle?.startsWith('o:') ? handle.slice(2) : undefined;
}

function summary(node: SopNode): string {
  switch (node.kind) {
    case 'humanTask': return `${node.role.replace(/_/g, ' ')}${node.serviceScoped ? ' (service)' : ''} · ${node.form}${node.target ? ` · ${node.target.days} ${node.target.unit} days` : ''}`;
    case 'decision': return `${node.condition.subject} = ${String(node.condition.equals)}`;
    case 'timer': return `${node.purpose}: ${node.offset.days} ${node.offset.unit} days after ${node.anchor.from === 'received' ? 'receipt' : `"${node.anchor.nodeId}" opens`}`;
    case 'systemAction': return node.action + (node.notifyRole ? ` → ${node.notifyRole}` : '');
    case 'end': return node.result ? `ends as ${node.result.replace(/_/g, ' ')}` : 'ends the branch';
    case 'perService': return `per service: ${node.body.nodes.filter((n) => n.kind === 'humanTask').map((n) => n.label).join(' → ') || 'no tasks yet'}`;
    default: return '';
  }
}

function Issues({ count, inside }: { count: number; inside: boolean }) {
  if (!count) return null;
  return <div className="sop-node__issues">⚠ {count} issue{count === 1 ? '' : 's'}{inside ? ' (open the block)' : ''}</div>;
}

/** Outcome handles spread along the bottom, each under its label. */
function OutcomeHandles({ outcomes, connectable }: { outcomes: { id: string; label: string }[]; connectable: boolean }) {
  return (
    <div className="sop-node__outcomes">
      {outcomes.map((o, i) => (
        <span key={`${o.id}-${i}`} className="sop-node__outcome">
          <span className="sop-node__outcome-text" title={o.label}>{o.label}</span>
          <Handle
            type="source" position={Position.Bottom} id={`o:${o.id}`} isConnectable={connectable}
            style={{ left: `${((i + 0.5) / outcomes.length) * 100}%` }}
            title={`Drag to the step that follows “${o.label}”`}
          />
        </span>
      ))}
    </div>
  );
}

const MARK_BADGE: Record<NonNullable<SopNodeData['mark']>, string> = {
  added: '+ Added', removed: '− Removed', changed: '± Changed', moved: '↔ Moved only', done: '✓ Done', current: '● Current step', ahead: 'Ahead',
};

const SopNodeView = memo(function SopNodeView({ data, isConnectable }: NodeProps<SopFlowNode>) {
  const { node, issues, innerIssues, strayIn, strayOut, mark, notes, group, inner } = data;
  const openBlock = useContext(OpenBlockContext);
  const hasIn = node.kind !== 'start' && node.kind !== 'timer';
  const outcomes = node.kind === 'humanTask' ? node.outcomes : node.kind === 'decision' ? [{ id: 'true', label: 'Yes' }, { id: 'false', label: 'No' }] : null;
  const plainOut = node.kind === 'start' || node.kind === 'systemAction' || node.kind === 'perService';
  const text = summary(node);
  const shape = group ? ' sop-node--group' : inner ? ' sop-node--inner' : '';
  return (
    <div className={`sop-node sop-node--${node.kind}${shape}${issues.length ? ' sop-node--invalid' : ''}${mark ? ` sop-node--${mark}` : ''}`}
      onDoubleClick={inner ? () => openBlock(inner.blockId) : undefined}>
      {(hasIn || strayIn) && <Handle type="target" position={Position.Top} id="in" isConnectable={isConnectable} title="Connect into this step" />}
      <div className="sop-node__kind">
        {KIND_LABEL[node.kind]}
        {node.kind === 'perService' && (
          <button type="button" className="sop-node__open nodrag nopan" onClick={() => openBlock(node.id)}>Open block: {node.label}</button>
        )}
      </div>
      <div className="sop-node__label" title={node.label}>{node.label}</div>
      {group
        ? <div className="sop-node__summary">Each allocated service runs the flow below. Open the block to edit it.</div>
        : <div className="sop-node__summary" title={text}>{text}</div>}
      <Issues count={issues.length + innerIssues} inside={innerIssues > 0} />
      {mark && <div className={`sop-node__mark sop-node__mark--${mark}`}>{MARK_BADGE[mark]}</div>}
      {notes?.map((n) => <div key={n} className="sop-node__note">{n}</div>)}
      {outcomes && <OutcomeHandles outcomes={outcomes} connectable={isConnectable} />}
      {(plainOut || strayOut) && <Handle type="source" position={Position.Bottom} id="out" isConnectable={isConnectable} title="Drag to the next step to connect" />}
    </div>
  );
});

/** One component draws every kind (styled per kind): the kinds differ in text and handles, not in structure. */
export const NODE_TYPES: NodeTypes = {
  start: SopNodeView, end: SopNodeView, humanTask: SopNodeView, decision: SopNodeView,
  timer: SopNodeView, systemAction: SopNodeView, perService: SopNodeView,
};
