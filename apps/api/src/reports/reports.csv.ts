import type { PipelineResponse, ServiceFlowResponse, TimelinessResponse } from '@sendflow/domain';
import { toCsv } from '../common/csv-response';

/** The timeliness rows as the JSON has them, then a total line. */
export function timelinessCsv(r: TimelinessResponse): string {
  const keyHeader = { month: 'month', service: 'service', la: 'local_authority' }[r.by];
  return toCsv(
    [
      { key: 'key', header: keyHeader }, { key: 'label', header: 'name' }, { key: 'due', header: 'due' }, { key: 'onTime', header: 'on_time' },
      { key: 'late', header: 'late' }, { key: 'open', header: 'open' }, { key: 'exceptions', header: 'exceptions' },
      { key: 'notKnown', header: 'not_known' }, { key: 'percentOnTime', header: 'percent_on_time' },
      { key: 'medianDaysToResponse', header: 'median_days_to_response' }, { key: 'p90DaysToResponse', header: 'p90_days_to_response' },
    ],
    [...r.rows, { key: 'total', label: `${r.from} to ${r.to}`, ...r.total }],
  );
}

export function pipelineCsv(r: PipelineResponse): string {
  return toCsv([{ key: 'daysLeft', header: 'days_left' }, { key: 'colour', header: 'colour' }, { key: 'count', header: 'open_requests' }], r.byDaysLeft);
}

export function serviceFlowCsv(r: ServiceFlowResponse): string {
  const rework = new Map(r.rework.map((x) => [x.serviceCode, x]));
  return toCsv(
    [{ key: 'month', header: 'month' }, { key: 'serviceCode', header: 'service' }, { key: 'approved', header: 'approved' },
      { key: 'reworkRateInPeriod', header: 'service_rework_rate_in_period' }],
    r.throughput.map((t) => ({ ...t, reworkRateInPeriod: rework.get(t.serviceCode)?.reworkRate ?? null })),
  );
}
