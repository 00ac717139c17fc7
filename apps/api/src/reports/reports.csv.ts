import type { PipelineResponse, PipelineTable, ServiceFlowResponse, ServiceFlowTable, TimelinessResponse } from '@sendflow/domain';
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

export function pipelineCsv(r: PipelineResponse, table: PipelineTable): string {
  if (table === 'predicted') {
    return toCsv(
      [{ key: 'requestId', header: 'request_id' }, { key: 'localAuthorityCode', header: 'local_authority' }, { key: 'dueDate', header: 'due_date' },
        { key: 'daysLeft', header: 'days_left' }, { key: 'serviceCode', header: 'service' }, { key: 'elapsedDays', header: 'days_since_allocation' },
        { key: 'medianDays', header: 'service_median_days' }, { key: 'expectedDaysLeft', header: 'expected_days_needed' }],
      r.predictedToBreach.flatMap(({ services, ...p }) => services.map((s) => ({ ...p, ...s }))),
    );
  }
  if (table === 'service-medians') {
    return toCsv([{ key: 'serviceCode', header: 'service' }, { key: 'medianDays', header: 'median_days_allocation_to_approval' }, { key: 'sample', header: 'approvals' }],
      r.prediction.serviceMedians);
  }
  return toCsv([{ key: 'daysLeft', header: 'days_left' }, { key: 'colour', header: 'colour' }, { key: 'count', header: 'open_requests' }], r.byDaysLeft);
}

export function serviceFlowCsv(r: ServiceFlowResponse, table: ServiceFlowTable): string {
  if (table === 'rework') {
    return toCsv([{ key: 'serviceCode', header: 'service' }, { key: 'reviewed', header: 'approved' }, { key: 'reworked', header: 'reworked' },
      { key: 'reworkRate', header: 'rework_rate' }], r.rework);
  }
  const rework = new Map(r.rework.map((x) => [x.serviceCode, x]));
  return toCsv(
    [{ key: 'month', header: 'month' }, { key: 'serviceCode', header: 'service' }, { key: 'approved', header: 'approved' },
      { key: 'reworkRateInPeriod', header: 'service_rework_rate_in_period' }],
    r.throughput.map((t) => ({ ...t, reworkRateInPeriod: rework.get(t.serviceCode)?.reworkRate ?? null })),
  );
}
