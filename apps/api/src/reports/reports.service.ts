import { Injectable } from '@nestjs/common';
import {
  ragColour, type PeriodQuery, type PipelineResponse, type RagColour, type ServiceFlowResponse,
  type TimelinessFigures, type TimelinessQuery, type TimelinessResponse, type TimelinessRow,
} from '@sendflow/domain';
import { apiConfig } from '../config/api-config';
import { CaseloadSettings } from '../requests/caseload.settings';
import { ReportsRepository, type TimelinessSqlRow } from './reports.repository';
import { monthKeys, monthLabel, periodBounds } from './report-period.util';

export const TIMELINESS_DEFINITION =
  'A request belongs to the month its statutory due date falls in (after any reg 8(2) exception). On time: its response ' +
  '(the compiled advice, or a "not known to health services" response) was returned on or before that date (Europe/London). ' +
  'Late: returned after it, or not returned once the date has passed. Open: not returned and not yet due. Requests with a ' +
  'recorded reg 8(2) exception are counted apart (exceptions) and left out of the percentage. percentOnTime = onTime / ' +
  '(onTime + late) × 100, one decimal. due = onTime + late + open + exceptions. notKnown counts not-known responses, which ' +
  'also count as returned. By service: the requests each service was allocated to. Cancelled requests are not counted. ' +
  'Days to response: calendar days from effective receipt to response, responded requests without an exception.';

/** Days from allocation to approval are learnt from this many recent days of approvals. */
export const PREDICTION_WINDOW_DAYS = 180;

const oneDecimal = (n: number | null | undefined): number | null => (n === null || n === undefined ? null : Math.round(Number(n) * 10) / 10);

export function figuresOf(r: TimelinessSqlRow | undefined): TimelinessFigures {
  const n = (v: number | undefined) => Number(v ?? 0);
  const onTime = n(r?.on_time);
  const late = n(r?.late);
  return {
    due: n(r?.due), onTime, late, open: n(r?.open), exceptions: n(r?.exceptions), notKnown: n(r?.not_known),
    percentOnTime: onTime + late === 0 ? null : oneDecimal((onTime / (onTime + late)) * 100),
    medianDaysToResponse: oneDecimal(r?.median_days), p90DaysToResponse: oneDecimal(r?.p90_days),
  };
}

@Injectable()
export class ReportsService {
  /** The caseload's colours (RAG_RED_DAYS / RAG_AMBER_DAYS): one rule for both screens. */
  private readonly rag = new CaseloadSettings(apiConfig()).rag;

  constructor(private readonly repo: ReportsRepository) {}

  async timeliness(q: TimelinessQuery): Promise<TimelinessResponse> {
    const { fromDate, toExclusive } = periodBounds(q.from, q.to);
    // The figures are decided against the date the answer states (open until the due date, late after it).
    const asOf = await this.repo.today();
    const { rows, total } = await this.repo.timeliness(q.by, fromDate, toExclusive, asOf);
    const byKey = new Map(rows.map((r) => [r.key as string, r]));
    let out: TimelinessRow[];
    if (q.by === 'month') {
      // Every month of the period, empty ones too, so a chart's axis has no gaps.
      out = monthKeys(q.from, q.to).map((key) => ({ key, label: monthLabel(key), ...figuresOf(byKey.get(key)) }));
    } else {
      const names = q.by === 'service' ? await this.repo.serviceNames() : await this.repo.localAuthorityNames();
      const keys = [...new Set([...names.keys(), ...byKey.keys()])].sort();
      out = keys.map((key) => ({ key, label: names.get(key) ?? key, ...figuresOf(byKey.get(key)) }));
    }
    return { from: q.from, to: q.to, by: q.by, asOf, rows: out, total: figuresOf(total), definition: TIMELINESS_DEFINITION };
  }

  async pipeline(): Promise<PipelineResponse> {
    const [days, medians, open, asOf] = await Promise.all([
      this.repo.openByDaysLeft(), this.repo.serviceMedians(PREDICTION_WINDOW_DAYS), this.repo.openContributions(), this.repo.today(),
    ]);
    const counts: Record<RagColour, number> = { red: 0, amber: 0, green: 0 };
    const byDaysLeft = days.map((d) => {
      const colour = ragColour({ daysLeft: d.days_left, overdue: d.days_left < 0, anyTaskLate: false }, this.rag);
      counts[colour] += d.count;
      return { daysLeft: d.days_left, colour, count: d.count };
    });
    const medianOf = new Map(medians.map((m) => [m.service_code, m.median_days === null ? null : Number(m.median_days)]));
    const predicted = new Map<string, PipelineResponse['predictedToBreach'][number]>();
    for (const c of open) {
      const median = medianOf.get(c.service_code);
      if (median === null || median === undefined) continue;
      const expectedDaysLeft = Math.max(0, median - c.elapsed_days);
      if (expectedDaysLeft <= c.days_left) continue;
      const entry = predicted.get(c.request_id) ?? { requestId: c.request_id, localAuthorityCode: c.local_authority_code, dueDate: c.due_date, daysLeft: c.days_left, services: [] };
      entry.services.push({ serviceCode: c.service_code, elapsedDays: c.elapsed_days, medianDays: oneDecimal(median) as number, expectedDaysLeft: oneDecimal(expectedDaysLeft) as number });
      predicted.set(c.request_id, entry);
    }
    return {
      asOf,
      colours: {
        rule: `Red: ${this.rag.redDays} days or fewer left to the statutory date, or past it; amber: ` +
          `${this.rag.amberDays} days or fewer; green: more (the caseload's thresholds, RAG_RED_DAYS and RAG_AMBER_DAYS).`,
        counts,
      },
      byDaysLeft,
      prediction: {
        rule: `For each service allocated to an open request and not yet approved: the service's median days from allocation to ` +
          `approval over the last ${PREDICTION_WINDOW_DAYS} days, less the days since it was allocated, is the time it still needs. ` +
          'If that is more than the days left to the statutory date, the request is predicted to breach.',
        windowDays: PREDICTION_WINDOW_DAYS,
        serviceMedians: medians.map((m) => ({ serviceCode: m.service_code, medianDays: oneDecimal(m.median_days), sample: m.sample })),
      },
      predictedToBreach: [...predicted.values()],
    };
  }

  async serviceFlow(q: PeriodQuery): Promise<ServiceFlowResponse> {
    const { fromDate, toExclusive } = periodBounds(q.from, q.to);
    const rows = await this.repo.approvedContributions(fromDate, toExclusive);
    const byService = new Map<string, { reviewed: number; reworked: number }>();
    for (const r of rows) {
      const s = byService.get(r.service_code) ?? { reviewed: 0, reworked: 0 };
      s.reviewed += r.approved;
      s.reworked += r.reworked;
      byService.set(r.service_code, s);
    }
    return {
      from: q.from, to: q.to,
      rework: [...byService.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([serviceCode, s]) => ({
        serviceCode, reviewed: s.reviewed, reworked: s.reworked, reworkRate: s.reviewed ? oneDecimal((s.reworked / s.reviewed) * 100) : null,
      })),
      throughput: rows.map((r) => ({ month: r.month, serviceCode: r.service_code, approved: r.approved })),
      definition: 'A contribution is one service\'s advice on one request. Approved: its last quality review approved it, in the ' +
        'month shown (Europe/London). Rework rate: the share of contributions approved in the period that were sent back for ' +
        'rework at least once, as a percentage.',
    };
  }
}
