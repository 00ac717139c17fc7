import { Injectable } from '@nestjs/common';
import type { OutlineBlock, PeriodQuery, TimelinessFigures, TimelinessResponse } from '@sendflow/domain';
import { renderReportPdf, trustSettingsFrom, type TrustSettings } from '@sendflow/documents';
import { apiConfig } from '../config/api-config';
import { AuditRoundsService } from '../audit-rounds/audit-rounds.service';
import { monthLabel, periodBounds } from '../reports/report-period.util';
import { ReportsService, TIMELINESS_DEFINITION } from '../reports/reports.service';

const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);
const num = (v: number | null) => (v === null ? '—' : String(v));
const FIGURE_HEADER = ['Due', 'On time', 'Late', 'Open', 'Exceptions', 'Not known', '% on time', 'Median days', '90th pct days'];
const figureCells = (f: TimelinessFigures) => [f.due, f.onTime, f.late, f.open, f.exceptions, f.notKnown].map(String).concat([pct(f.percentOnTime), num(f.medianDaysToResponse), num(f.p90DaysToResponse)]);

function timelinessTable(first: string, r: TimelinessResponse): OutlineBlock {
  return {
    type: 'table', header: [first, ...FIGURE_HEADER],
    rows: [...r.rows.map((x) => [x.label, ...figureCells(x)]), ['Total', ...figureCells(r.total)]],
  };
}

/**
 * The board report (issue 11 §6): for a period of whole months, the timeliness figures by month,
 * service and LA, exceptions and not-known responses, and the closed audit rounds whose period
 * overlaps it, as one PDF through the document renderer (libs/documents). The figures are the
 * dashboard's own (the same service calls), so the board sees what the screens show.
 */
@Injectable()
export class BoardReportService {
  private trust?: TrustSettings;

  constructor(private readonly reports: ReportsService, private readonly rounds: AuditRoundsService) {}

  private trustSettings(): TrustSettings {
    return (this.trust ??= trustSettingsFrom(apiConfig()));
  }

  async render(q: PeriodQuery): Promise<{ body: Buffer; fileName: string }> {
    const [byMonth, byService, byLa, audit] = await Promise.all([
      this.reports.timeliness({ ...q, by: 'month' }), this.reports.timeliness({ ...q, by: 'service' }), this.reports.timeliness({ ...q, by: 'la' }),
      this.rounds.passRates(periodBounds(q.from, q.to)),
    ]);
    const trust = this.trustSettings();
    const period = q.from === q.to ? monthLabel(q.from) : `${monthLabel(q.from)} to ${monthLabel(q.to)}`;
    const t = byMonth.total;
    const exceptionMonths = byMonth.rows.filter((r) => r.exceptions > 0 || r.notKnown > 0);
    const blocks: OutlineBlock[] = [
      { type: 'heading', level: 1, text: `EHC needs assessment health advice: board report, ${period}` },
      { type: 'fields', rows: [['Trust', trust.name], ['Period', `${period} (by statutory due date)`], ['Figures as of', byMonth.asOf]] },
      { type: 'heading', level: 2, text: 'Summary' },
      {
        type: 'paragraph',
        text: `${pct(t.percentOnTime)} of health advice due in the period was returned within the statutory 6 weeks: ${t.onTime} on time, ` +
          `${t.late} late, ${t.open} not yet due, of ${t.due} requests due. ${t.exceptions} had a reg 8(2) exception (counted apart, ` +
          `outside the percentage). ${t.notKnown} were answered "not known to health services". Median ${num(t.medianDaysToResponse)} days ` +
          `from receipt to response, 90th percentile ${num(t.p90DaysToResponse)} days.`,
      },
      { type: 'heading', level: 2, text: 'Timeliness by month due' },
      timelinessTable('Month', byMonth),
      { type: 'heading', level: 2, text: 'Timeliness by service' },
      { type: 'paragraph', text: 'A request counts in the row of every service allocated to it; the total counts each request once.' },
      timelinessTable('Service', byService),
      { type: 'heading', level: 2, text: 'Timeliness by local authority' },
      timelinessTable('Local authority', byLa),
      { type: 'heading', level: 2, text: 'Exceptions and not-known responses' },
      {
        type: 'paragraph',
        text: `Reg 8(2) exceptions: ${t.exceptions} of ${t.due} requests (${t.due ? ((t.exceptions / t.due) * 100).toFixed(1) : '0.0'}%). ` +
          `Not known to health services: ${t.notKnown} (${t.due ? ((t.notKnown / t.due) * 100).toFixed(1) : '0.0'}%).`,
      },
      exceptionMonths.length
        ? { type: 'table', header: ['Month', 'Due', 'Exceptions', 'Not known'], rows: exceptionMonths.map((r) => [r.label, String(r.due), String(r.exceptions), String(r.notKnown)]) }
        : { type: 'paragraph', text: 'No exceptions or not-known responses in the period.' },
      { type: 'heading', level: 2, text: 'Quality audit' },
    ];
    if (!audit.rounds.length) blocks.push({ type: 'paragraph', text: 'No audit round covering this period has been closed.' });
    for (const r of audit.rounds) {
      blocks.push(
        { type: 'heading', level: 3, text: `${r.title} (advice returned ${r.periodFrom} to ${r.periodTo})` },
        {
          type: 'table', header: ['Criterion', 'Pass', 'Fail', 'Not applicable', 'Audit pass rate', 'QA review pass rate'],
          rows: r.criteria.map((c) => [c.text, String(c.pass), String(c.fail), String(c.notApplicable), pct(c.passRate), pct(c.qaReviewPassRate)]),
        },
      );
    }
    blocks.push(
      { type: 'heading', level: 2, text: 'How the figures are counted' },
      { type: 'paragraph', text: TIMELINESS_DEFINITION },
      { type: 'paragraph', text: audit.definition },
    );
    const body = await renderReportPdf({
      title: `Board report: health advice timeliness and quality, ${period}`,
      subject: 'EHC needs assessment health advice: timeliness and quality audit',
      author: trust.name, language: 'en-GB', footer: `${trust.name} · board report ${q.from} to ${q.to} · as of ${byMonth.asOf}`,
      blocks, landscape: true,
    }, trust);
    return { body, fileName: `board-report-${q.from}-to-${q.to}.pdf` };
  }
}
