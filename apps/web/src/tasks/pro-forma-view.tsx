import type { ReactNode } from 'react';
import { PRO_FORMA_SECTIONS, type ProFormaSection } from '@sendflow/domain';
import { formatDate } from '../ui/parts';

/** The pro forma's section headings, as the compiled advice and the drafting form name them. */
export const SECTION_TITLES: Record<ProFormaSection, string> & Record<string, string> = {
  author: 'Author',
  sourcesOfInformation: 'Sources of information',
  healthNeeds: 'Health needs',
  impactOnDailyLife: 'Impact on daily life',
  strengths: 'Strengths',
  outcomesSought: 'Outcomes sought',
  provision: 'Provision',
  preparingForAdulthood: 'Preparing for adulthood',
  views: 'Views of the child and family',
};

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const rows = (v: unknown) => (Array.isArray(v) ? v.map(rec) : []);
const Empty = () => <p className="nhsuk-body-s app-empty">Not completed</p>;

function sectionBody(section: ProFormaSection, d: Rec): ReactNode {
  switch (section) {
    case 'author': {
      const a = rec(d.author);
      if (!str(a.name) && !str(a.role)) return <Empty />;
      return <p>{str(a.name)}, {str(a.role)}{str(a.registration) ? ` (registration ${str(a.registration)})` : ''}</p>;
    }
    case 'sourcesOfInformation': {
      const list = rows(d.sourcesOfInformation);
      return list.length ? <ul>{list.map((r, i) => <li key={i}>{str(r.source)} ({formatDate(str(r.date))})</li>)}</ul> : <Empty />;
    }
    case 'provision': {
      const list = rows(d.provision);
      return list.length ? (
        <ul>{list.map((r, i) => <li key={i}><strong>{str(r.what)}</strong>: {str(r.who)}, {str(r.frequency)}; review {str(r.review)}</li>)}</ul>
      ) : <Empty />;
    }
    default:
      return str(d[section]) ? <p className="app-prewrap">{str(d[section])}</p> : <Empty />;
  }
}

/**
 * A pro forma read-only, one heading per section (what a reviewer reviews). With `onComment`, each
 * section carries an optional comment the author will see beside that section on rework.
 */
export function ProFormaView({ data, comments = {}, onComment }: {
  data: unknown; comments?: Record<string, string>; onComment?: (section: ProFormaSection, text: string) => void;
}) {
  const d = rec(data);
  return (
    <div className="app-pro-forma">
      {PRO_FORMA_SECTIONS.map((section) => (
        <section key={section} aria-labelledby={`pfv-${section}`}>
          <h4 id={`pfv-${section}`}>{SECTION_TITLES[section]}</h4>
          {sectionBody(section, d)}
          {onComment && (
            <details className="nhsuk-details" open={!!comments[section]}>
              <summary className="nhsuk-details__summary"><span className="nhsuk-details__summary-text">Comment on {SECTION_TITLES[section].toLowerCase()}</span></summary>
              <div className="nhsuk-details__text">
                <label className="nhsuk-label" htmlFor={`sc-${section}`}>Comment for the author on {SECTION_TITLES[section].toLowerCase()} (optional)</label>
                <textarea className="nhsuk-textarea" id={`sc-${section}`} rows={2} value={comments[section] ?? ''} onChange={(e) => onComment(section, e.target.value)} />
              </div>
            </details>
          )}
        </section>
      ))}
    </div>
  );
}
