import { useEffect, useRef } from 'react';

/** One message in the summary; `fieldId` is the id of the input it concerns (the item links there). */
export interface SummaryItem { fieldId?: string | null; message: string }

/**
 * NHS error summary: takes focus when it appears (so screen readers read it first) and each item
 * links to its field, moving focus into it. `focusKey` changes on every failed submit so focus
 * moves again even when the messages are the same.
 */
export function ErrorSummary({ items, title = 'There is a problem', focusKey }: { items: SummaryItem[]; title?: string; focusKey?: unknown }) {
  const ref = useRef<HTMLDivElement>(null);
  const shown = items.length > 0;
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown, focusKey]);
  if (!shown) return null;
  return (
    <div className="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabIndex={-1} ref={ref}>
      <h2 className="nhsuk-error-summary__title" id="error-summary-title">{title}</h2>
      <div className="nhsuk-error-summary__body">
        <ul className="nhsuk-list nhsuk-error-summary__list">
          {items.map((m, i) => (
            <li key={`${m.fieldId ?? ''}-${i}`}>
              {m.fieldId
                ? <a href={`#${m.fieldId}`} onClick={(ev) => { ev.preventDefault(); focusField(m.fieldId!); }}>{m.message}</a>
                : m.message}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** Focus a field by id, or the first input inside it (a fieldset, a date input). */
export function focusField(id: string) {
  const el = document.getElementById(id);
  const target = el && !/^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(el.tagName) ? el.querySelector<HTMLElement>('input, select, textarea') ?? el : el;
  target?.scrollIntoView({ block: 'center' });
  target?.focus();
}

/** A single message (a load failure, a conflict) in the same summary. */
export function ProblemSummary({ error }: { error: unknown }) {
  if (!error) return null;
  return <ErrorSummary items={[{ message: error instanceof Error ? error.message : String(error) }]} />;
}
