import { z } from 'zod';
import { RAG_COLOURS } from '../rag';

/**
 * HTTP contracts for the compliance reports (issue 11). The timeliness definition itself lives
 * in SQL (apps/api/src/reports/reports.repository.ts) and in README "Reporting"; these schemas fix
 * the shapes the API answers and the dashboard reads.
 */

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
const month = (name: string) => z.string().regex(MONTH_RE, `${name} must be a month YYYY-MM`);
/** Ten years of months keeps a single answer bounded (120 rows, or services × months). */
export const REPORT_MAX_MONTHS = 120;

export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm) + 1;
}

const monthRange = z.strictObject({
  from: month('from').describe('First month (YYYY-MM) of the period, by statutory due date'),
  to: month('to').describe('Last month (YYYY-MM) of the period, inclusive'),
});
function checkRange(v: { from: string; to: string }, ctx: z.RefinementCtx): void {
  if (!MONTH_RE.test(v.from) || !MONTH_RE.test(v.to)) return;
  const n = monthsBetween(v.from, v.to);
  if (n < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  else if (n > REPORT_MAX_MONTHS) ctx.addIssue({ code: 'custom', path: ['to'], message: `the period may span at most ${REPORT_MAX_MONTHS} months` });
}

export const TIMELINESS_GROUPINGS = ['month', 'service', 'la'] as const;
export type TimelinessGrouping = (typeof TIMELINESS_GROUPINGS)[number];

export const timelinessQuery = monthRange.extend({
  by: z.enum(TIMELINESS_GROUPINGS, { message: 'by must be one of month, service, la' }).default('month')
    .describe('Rows per due month, per allocated service, or per local authority'),
}).superRefine(checkRange);
export type TimelinessQuery = z.infer<typeof timelinessQuery>;

export const periodQuery = monthRange.superRefine(checkRange);
export type PeriodQuery = z.infer<typeof periodQuery>;

/** Which of a report's tables a CSV download carries (JSON always carries them all). */
export const PIPELINE_TABLES = ['days-left', 'predicted', 'service-medians'] as const;
export type PipelineTable = (typeof PIPELINE_TABLES)[number];
export const pipelineQuery = z.strictObject({
  table: z.enum(PIPELINE_TABLES, { message: 'table must be one of days-left, predicted, service-medians' }).default('days-left')
    .describe('CSV only: open requests by days left, the requests predicted to breach, or each service\'s median'),
});
export type PipelineQuery = z.infer<typeof pipelineQuery>;

export const SERVICE_FLOW_TABLES = ['throughput', 'rework'] as const;
export type ServiceFlowTable = (typeof SERVICE_FLOW_TABLES)[number];
export const serviceFlowQuery = monthRange.extend({
  table: z.enum(SERVICE_FLOW_TABLES, { message: 'table must be one of throughput, rework' }).default('throughput')
    .describe('CSV only: approvals per service per month, or the rework rate by service'),
}).superRefine(checkRange);
export type ServiceFlowQuery = z.infer<typeof serviceFlowQuery>;

export const timelinessFigures = z.object({
  due: z.number().int().describe('Every request in the row: onTime + late + open + exceptions'),
  onTime: z.number().int().describe('Responded (advice or not known) on or before the statutory due date; no reg 8(2) exception'),
  late: z.number().int().describe('Responded after the due date, or not responded and the due date has passed; no exception'),
  open: z.number().int().describe('Not responded and not yet due; no exception'),
  exceptions: z.number().int().describe('Requests with a recorded reg 8(2) exception: counted apart, outside the percentage'),
  notKnown: z.number().int().describe('Responses "not known to health services" (also counted in onTime/late or exceptions)'),
  percentOnTime: z.number().nullable().describe('onTime / (onTime + late) × 100, one decimal; null when nothing counts'),
  medianDaysToResponse: z.number().nullable().describe('Median calendar days from effective receipt to response (responded, no exception)'),
  p90DaysToResponse: z.number().nullable().describe('90th percentile of the same'),
});
export type TimelinessFigures = z.infer<typeof timelinessFigures>;

export const timelinessRow = timelinessFigures.extend({
  key: z.string().describe('YYYY-MM, a service code, or an LA code'),
  label: z.string().describe('Month name, service name or LA name'),
});
export type TimelinessRow = z.infer<typeof timelinessRow>;

export const timelinessResponse = z.object({
  from: z.string(), to: z.string(), by: z.enum(TIMELINESS_GROUPINGS),
  asOf: z.string().describe('The date (Europe/London) against which "open" and "late" were decided'),
  rows: z.array(timelinessRow),
  total: timelinessFigures.describe('Every request in the period once (a request with two services is one request here)'),
  definition: z.string(),
});
export type TimelinessResponse = z.infer<typeof timelinessResponse>;

export const pipelineResponse = z.object({
  asOf: z.string(),
  colours: z.object({ rule: z.string(), counts: z.record(z.enum(RAG_COLOURS), z.number().int()) }),
  byDaysLeft: z.array(z.object({ daysLeft: z.number().int().describe('Negative: days past the due date'), colour: z.enum(RAG_COLOURS), count: z.number().int() })),
  prediction: z.object({
    rule: z.string(),
    windowDays: z.number().int(),
    serviceMedians: z.array(z.object({ serviceCode: z.string(), medianDays: z.number().nullable(), sample: z.number().int() })),
  }),
  predictedToBreach: z.array(z.object({
    requestId: z.uuid(), localAuthorityCode: z.string(), dueDate: z.string(), daysLeft: z.number().int(),
    services: z.array(z.object({ serviceCode: z.string(), elapsedDays: z.number().int(), medianDays: z.number(), expectedDaysLeft: z.number() })),
  })),
});
export type PipelineResponse = z.infer<typeof pipelineResponse>;

export const serviceFlowResponse = z.object({
  from: z.string(), to: z.string(),
  rework: z.array(z.object({
    serviceCode: z.string(), reviewed: z.number().int().describe('Contributions approved in the period'),
    reworked: z.number().int().describe('Of those, sent back for rework at least once'), reworkRate: z.number().nullable(),
  })),
  throughput: z.array(z.object({ month: z.string(), serviceCode: z.string(), approved: z.number().int() })),
  definition: z.string(),
});
export type ServiceFlowResponse = z.infer<typeof serviceFlowResponse>;

/** Import of history: the columns, exactly, in the issue's order. */
export const IMPORT_COLUMNS = ['la_code', 'la_reference', 'child_given_name', 'child_family_name', 'child_date_of_birth', 'received_at',
  'returned_at', 'outcome', 'services', 'exception_kind', 'exception_days'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export const importQuery = z.strictObject({
  dryRun: z.enum(['true', 'false'], { message: 'dryRun must be true or false' }).optional()
    .describe('true: check every row and report errors, save nothing'),
});
export type ImportQuery = z.infer<typeof importQuery>;

export const importRowError = z.object({
  row: z.number().int().describe('Spreadsheet row (the header is row 1)'),
  column: z.string().nullable(),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof importRowError>;

export const importResponse = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  imported: z.number().int(),
  batchId: z.uuid().nullable(),
  errors: z.array(importRowError),
});
export type ImportResponse = z.infer<typeof importResponse>;

/** The quality audit cycle (issue 11 §5). */
export const AUDIT_RESULTS = ['pass', 'fail', 'not_applicable'] as const;
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

export const openAuditRoundBody = z.strictObject({
  title: z.string().trim().min(1).max(200),
  periodFrom: isoDate.describe('Advice returned on or after this date (Europe/London)'),
  periodTo: isoDate.describe('... and on or before this date'),
  sampleSize: z.number().int().min(1).max(500),
  seed: z.string().trim().min(1).max(64).regex(/^[\w.-]+$/, 'letters, digits, _ . - only').optional()
    .describe('Same seed, same period, same sample; omitted: one is chosen and recorded'),
}).refine((v) => v.periodFrom <= v.periodTo, { path: ['periodTo'], message: 'must not be before periodFrom' });
export type OpenAuditRoundBody = z.infer<typeof openAuditRoundBody>;

export const scoreAuditItemBody = z.strictObject({
  scores: z.array(z.strictObject({
    criterionId: z.string().min(1).max(60),
    result: z.enum(AUDIT_RESULTS),
    comment: z.string().max(2000).optional(),
  })).min(1).max(50),
});
export type ScoreAuditItemBody = z.infer<typeof scoreAuditItemBody>;

const auditScore = z.object({ criterionId: z.string(), result: z.enum(AUDIT_RESULTS), comment: z.string().nullable(), scoredBy: z.string(), scoredAt: z.string() });
const auditRoundFields = {
  id: z.uuid(), title: z.string(), periodFrom: z.string(), periodTo: z.string(), seed: z.string(), sampleSize: z.number().int(),
  criteria: z.array(z.object({ id: z.string(), text: z.string() })),
  criteriaVersion: z.number().int().nullable().describe('The audit criteria version the round was opened with; null for rounds opened before criteria were versioned'),
  status: z.enum(['open', 'closed']), openedBy: z.string(), openedAt: z.string(),
  closedBy: z.string().nullable(), closedAt: z.string().nullable(),
};
export const auditRoundItem = z.object({
  position: z.number().int(), requestId: z.uuid(), localAuthorityCode: z.string(), returnedAt: z.string(), scores: z.array(auditScore),
});
export const auditRoundResponse = z.object({ ...auditRoundFields, items: z.array(auditRoundItem) });
export const auditRoundListResponse = z.object({ items: z.array(z.object({ ...auditRoundFields, items: z.number().int(), scored: z.number().int() })) });
export type AuditRoundItem = z.infer<typeof auditRoundItem>;
export type AuditRoundResponse = z.infer<typeof auditRoundResponse>;
export type AuditRoundListResponse = z.infer<typeof auditRoundListResponse>;
export type AuditResult = (typeof AUDIT_RESULTS)[number];
/** The recorded seed drawn again over the same period: proof that the sample is reproducible. */
export const auditRoundRedrawResponse = z.object({
  roundId: z.uuid(), seed: z.string(), periodFrom: z.string(), periodTo: z.string(), sampleSize: z.number().int(),
  recorded: z.array(z.uuid()).describe('The sample stored when the round opened, in its order'),
  redrawn: z.array(z.uuid()).describe('The same seed drawn again now, over the advice returned in the same period'),
  matches: z.boolean().describe('true when both lists are the same requests in the same order'),
});
export type AuditRoundRedrawResponse = z.infer<typeof auditRoundRedrawResponse>;

export const auditPassRatesResponse = z.object({
  rounds: z.array(z.object({
    roundId: z.uuid(), title: z.string(), periodFrom: z.string(), periodTo: z.string(), closedAt: z.string().nullable(),
    criteria: z.array(z.object({
      criterionId: z.string(), text: z.string(), pass: z.number().int(), fail: z.number().int(), notApplicable: z.number().int(),
      passRate: z.number().nullable(), qaReviewPassRate: z.number().nullable(), qaReviews: z.number().int(),
    })),
  })),
  definition: z.string(),
});
export type AuditPassRatesResponse = z.infer<typeof auditPassRatesResponse>;
