import { useState, type FormEvent } from 'react';
import { ApiError, downloadFile } from '../api/http';
import { ErrorSummary, type SummaryItem } from '../ui/error-summary';
import { TextInput } from '../ui/fields';
import { Button } from '../ui/parts';
import { ReportsNav } from './report-parts';

const idOf = (f: string) => `board-${f}`;

/** The last full quarter is what boards usually ask for; the form starts there. */
function lastQuarter(): { from: string; to: string } {
  const now = new Date();
  const q = Math.floor(now.getMonth() / 3);
  const start = new Date(now.getFullYear(), q * 3 - 3, 1);
  const end = new Date(now.getFullYear(), q * 3 - 1, 1);
  const key = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  return { from: key(start), to: key(end) };
}

/**
 * /reports/board — the board report as a PDF for a chosen period: timeliness by month, service and
 * LA, exceptions and not-known responses, and the audit rounds covering the period. Producing it
 * is recorded in the audit log (it is a document that leaves the system).
 */
export function BoardReportPage() {
  const initial = lastQuarter();
  const [problems, setProblems] = useState<SummaryItem[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const errorOf = (f: string) => problems.find((p) => p.fieldId === idOf(f))?.message;

  async function download(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const from = String(form.get('from') ?? '').trim();
    const to = String(form.get('to') ?? '').trim();
    setProblems([]);
    setDone(null);
    setBusy(true);
    try {
      await downloadFile(`/reports/board-report?${new URLSearchParams({ from, to }).toString()}`, 'application/pdf', `board-report-${from}-to-${to}.pdf`, 'board report');
      setDone(`board-report-${from}-to-${to}.pdf`);
    } catch (err) {
      setProblems(err instanceof ApiError && err.issues.length
        ? err.issues.map((i) => ({ fieldId: ['from', 'to'].includes(i.field) ? idOf(i.field) : null, message: i.message }))
        : [{ message: err instanceof Error ? err.message : String(err) }]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Board report</h1>
      <ReportsNav />
      <p>A PDF for the trust board and the designated clinical officer, for the months you choose (by statutory due date):</p>
      <ul>
        <li>timeliness by month, by service and by local authority, with the percentage on time and days to response</li>
        <li>reg 8(2) exceptions and "not known to health services" responses</li>
        <li>the quality audit rounds covering the period: each criterion's pass rate beside the rate recorded at QA review</li>
      </ul>
      <ErrorSummary items={problems} focusKey={problems} />
      <form aria-label="Choose the board report's period" className="nhsuk-card app-card-form" onSubmit={download} noValidate>
        <div className="nhsuk-card__content">
          <div className="app-filter-grid">
            <TextInput id={idOf('from')} name="from" label="From month" hint="For example 2026-04" width={10} defaultValue={initial.from} error={errorOf('from')} />
            <TextInput id={idOf('to')} name="to" label="To month" hint="For example 2026-06" width={10} defaultValue={initial.to} error={errorOf('to')} />
          </div>
          <Button type="submit" disabled={busy}>{busy ? 'Preparing the PDF…' : 'Download the board report (PDF)'}</Button>
          <p role="status" className="nhsuk-body-s">{done ? `Downloaded ${done}.` : ''}</p>
        </div>
      </form>
    </>
  );
}
