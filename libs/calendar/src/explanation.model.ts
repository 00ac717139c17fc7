import type { HolidayCalendar } from './bank-holidays';
import type { LocalDate } from './local-date.util';

/**
 * One reason in the chain that produced a date. `rule` is a stable machine code the UI can
 * group or translate; `text` is a complete English sentence that can be shown or stored as-is.
 */
export interface ExplanationStep {
  /** e.g. 'receipt.cutoff', 'receipt.non_working_day', 'statutory.six_weeks', 'pause', 'extension', 'calendar.version'. */
  rule: string;
  text: string;
  /** The date this step produced or concerns. */
  date?: LocalDate;
  /** Legal or policy source, e.g. 'SEND Regulations 2014 reg 8(1)'. */
  ref?: string;
}

export const SEND_REG_8_1 = 'SEND Regulations 2014 reg 8(1)';
export const RECEIPT_POLICY_REF = 'Trust receipt policy (IPSEA practice: after 5pm or on a non-working day counts as the next working day)';
export const SOP_TARGET_REF = 'Trust SOP target';

/** Every explanation that consulted holiday data names the data version, so it can be reproduced. */
export function calendarVersionStep(cal: HolidayCalendar): ExplanationStep {
  const projected =
    cal.projectedYears.length > 0
      ? ` Dates for ${cal.projectedYears.join(', ')} are projected from the usual rules, not yet confirmed by GOV.UK.`
      : '';
  return {
    rule: 'calendar.version',
    text: `Bank holidays from the ${cal.division} calendar, data version ${cal.version} (${cal.source}), covering ${cal.coveredYears.join(', ')}.${projected}`,
    date: cal.version,
  };
}
