import type { LocalDate } from './local-date.util';

/** One bank holiday, in the shape GOV.UK publishes it (`bunting` is dropped). */
export interface HolidayEvent {
  date: LocalDate;
  title: string;
  /** GOV.UK uses "Substitute day" when the holiday moved off a weekend. */
  notes?: string;
}

/** The data a calendar is built from: the shape of the shipped JSON file. */
export interface HolidayData {
  /** GOV.UK division, e.g. `england-and-wales`. */
  division: string;
  /** Date the data was taken (YYYY-MM-DD); quoted in every explanation as the calendar version. */
  version: LocalDate;
  source: string;
  /** Years whose dates come from the usual rules rather than a GOV.UK announcement. */
  projectedYears?: readonly number[];
  events: readonly HolidayEvent[];
}
