/**
 * NHS design-system form fields as thin wrappers. Each takes the id its error-summary item links
 * to, a label, an optional hint and error, and passes the rest to the element, so react-hook-form's
 * `register()` spreads straight in: `<TextInput id="email" label="Email" {...register('email')} error={errors.email?.message} />`.
 */
import { forwardRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FieldProps { id: string; label: ReactNode; hint?: ReactNode; error?: string; className?: string }

export const describedBy = (id: string, hint: unknown, error: unknown) => [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

export function ErrorMessage({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return <span className="nhsuk-error-message" id={`${id}-error`}><span className="nhsuk-u-visually-hidden">Error:</span> {error}</span>;
}

/** A labelled NHS form group around any control (the inputs below use it; so can a bespoke control). */
export function FieldGroup({ id, label, hint, error, size, children }: Omit<FieldProps, 'className'> & { size?: 's' | 'm'; children: ReactNode }) {
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label className={`nhsuk-label${size ? ` nhsuk-label--${size}` : ''}`} htmlFor={id}>{label}</label>
      {hint && <div className="nhsuk-hint" id={`${id}-hint`}>{hint}</div>}
      <ErrorMessage id={id} error={error} />
      {children}
    </div>
  );
}

export const TextInput = forwardRef<HTMLInputElement, FieldProps & InputHTMLAttributes<HTMLInputElement> & { width?: 2 | 3 | 4 | 5 | 10 | 20 | 30 }>(
  function TextInput({ id, label, hint, error, className, width, ...rest }, ref) {
    return (
      <FieldGroup id={id} label={label} hint={hint} error={error}>
        <input ref={ref} id={id} type="text" {...rest}
          className={['nhsuk-input', width ? `nhsuk-input--width-${width}` : '', error ? 'nhsuk-input--error' : '', className ?? ''].filter(Boolean).join(' ')}
          aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} />
      </FieldGroup>
    );
  });

export const Textarea = forwardRef<HTMLTextAreaElement, FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>>(
  function Textarea({ id, label, hint, error, className, rows = 4, ...rest }, ref) {
    return (
      <FieldGroup id={id} label={label} hint={hint} error={error}>
        <textarea ref={ref} id={id} rows={rows} {...rest} className={`nhsuk-textarea${error ? ' nhsuk-textarea--error' : ''} ${className ?? ''}`.trim()}
          aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} />
      </FieldGroup>
    );
  });

export const Select = forwardRef<HTMLSelectElement, FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[] }>(
  function Select({ id, label, hint, error, className, options, ...rest }, ref) {
    return (
      <FieldGroup id={id} label={label} hint={hint} error={error}>
        <select ref={ref} id={id} {...rest} className={`nhsuk-select${error ? ' nhsuk-select--error' : ''} ${className ?? ''}`.trim()}
          aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)}>
          {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      </FieldGroup>
    );
  });

/** A fieldset of checkboxes or radios; `children` are `<Choice>`s. The fieldset's id is what the summary links to. */
export function ChoiceGroup({ id, legend, hint, error, type, small, inline, children }: {
  id: string; legend: ReactNode; hint?: ReactNode; error?: string; type: 'checkbox' | 'radio'; small?: boolean; inline?: boolean; children: ReactNode;
}) {
  const cls = type === 'checkbox' ? 'nhsuk-checkboxes' : 'nhsuk-radios';
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset className="nhsuk-fieldset" id={id} aria-describedby={describedBy(id, hint, error)}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        {hint && <div className="nhsuk-hint" id={`${id}-hint`}>{hint}</div>}
        <ErrorMessage id={id} error={error} />
        <div className={`${cls}${small ? ` ${cls}--small` : ''}${inline ? ` ${cls}--inline` : ''}`}>{children}</div>
      </fieldset>
    </div>
  );
}

export const Choice = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement> & { id: string; type: 'checkbox' | 'radio'; label: ReactNode; hint?: ReactNode }>(
  function Choice({ id, type, label, hint, ...rest }, ref) {
    const cls = type === 'checkbox' ? 'nhsuk-checkboxes' : 'nhsuk-radios';
    return (
      <div className={`${cls}__item`}>
        <input ref={ref} className={`${cls}__input`} id={id} type={type} {...rest} aria-describedby={hint ? `${id}-hint` : undefined} />
        <label className={`nhsuk-label ${cls}__label`} htmlFor={id}>{label}</label>
        {hint && <div className={`nhsuk-hint ${cls}__hint`} id={`${id}-hint`}>{hint}</div>}
      </div>
    );
  });

/** A single checkbox outside a group (e.g. "The child already has an EHC plan"). */
export const Checkbox = forwardRef<HTMLInputElement, Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { id: string; label: ReactNode; error?: string }>(
  function Checkbox({ id, label, error, ...rest }, ref) {
    return (
      <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
        <ErrorMessage id={id} error={error} />
        <div className="nhsuk-checkboxes"><Choice ref={ref} id={id} type="checkbox" label={label} {...rest} /></div>
      </div>
    );
  });

export type DateParts = { day: string; month: string; year: string };
export const emptyDate: DateParts = { day: '', month: '', year: '' };

/** `{ day: '3', month: '4', year: '2018' }` -> `2018-04-03`; '' when blank; the parts as typed when not a real day (the schema names it). */
export function datePartsToIso({ day, month, year }: DateParts): string {
  if (!day.trim() && !month.trim() && !year.trim()) return '';
  const iso = `${year.trim().padStart(4, '0')}-${month.trim().padStart(2, '0')}-${day.trim().padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? iso : `${year}-${month}-${day}`;
}
export function isoToDateParts(iso: string | null | undefined): DateParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  return m ? { year: m[1], month: String(Number(m[2])), day: String(Number(m[3])) } : emptyDate;
}

/**
 * NHS date input: day, month and year boxes in a fieldset. The fieldset has `id` (the summary links
 * to it and focus goes to the day box); each box is labelled "Day", "Month", "Year" in the legend's
 * context, so `getByLabel('Date of birth')` finds the group and each part is named on its own.
 */
export function DateInput({ id, legend, hint, error, value, onChange, onBlur }: {
  id: string; legend: ReactNode; hint?: ReactNode; error?: string; value: DateParts; onChange: (v: DateParts) => void; onBlur?: () => void;
}) {
  const part = (k: keyof DateParts, label: string, width: 2 | 4) => (
    <div className="nhsuk-date-input__item">
      <div className="nhsuk-form-group">
        <label className="nhsuk-label nhsuk-date-input__label" htmlFor={`${id}-${k}`}>{label}</label>
        <input className={`nhsuk-input nhsuk-date-input__input nhsuk-input--width-${width}${error ? ' nhsuk-input--error' : ''}`}
          id={`${id}-${k}`} name={`${id}-${k}`} inputMode="numeric" value={value[k]} onBlur={onBlur}
          onChange={(e) => onChange({ ...value, [k]: e.target.value })} aria-invalid={error ? true : undefined} />
      </div>
    </div>
  );
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset className="nhsuk-fieldset" role="group" id={id} aria-describedby={describedBy(id, hint, error)}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        {hint && <div className="nhsuk-hint" id={`${id}-hint`}>{hint}</div>}
        <ErrorMessage id={id} error={error} />
        <div className="nhsuk-date-input">
          {part('day', 'Day', 2)}
          {part('month', 'Month', 2)}
          {part('year', 'Year', 4)}
        </div>
      </fieldset>
    </div>
  );
}
