import { receivedInstant } from './received-at';

const on = (day: string, month: string, year: string) => ({ day, month, year });
const blank = on('', '', '');

describe('receivedInstant (UK wall-clock time -> instant)', () => {
  it('is "just now" when both are blank', () => {
    expect(receivedInstant(blank, ' ')).toEqual({ at: null });
  });

  it('reads the time in the UK whatever the season: GMT in winter, BST in summer', () => {
    expect(receivedInstant(on('27', '11', '2026'), '16:40')).toEqual({ at: '2026-11-27T16:40:00.000Z' });
    expect(receivedInstant(on('3', '7', '2026'), '16:40')).toEqual({ at: '2026-07-03T15:40:00.000Z' });
    expect(receivedInstant(on('3', '7', '2026'), '9.05')).toEqual({ at: '2026-07-03T08:05:00.000Z' });
    // Autumn's repeated hour: the first (earlier, stricter) reading.
    expect(receivedInstant(on('25', '10', '2026'), '01:30')).toEqual({ at: '2026-10-25T00:30:00.000Z' });
  });

  it('names the field to correct', () => {
    expect(receivedInstant(blank, '10:00')).toMatchObject({ field: 'receivedDate' });
    expect(receivedInstant(on('30', '2', '2026'), '10:00')).toMatchObject({ field: 'receivedDate' });
    expect(receivedInstant(on('27', '11', '2026'), '')).toMatchObject({ field: 'receivedTime', message: expect.stringContaining('16:40') });
    for (const bad of ['24:00', '10:60', '4pm', '1640']) expect(receivedInstant(on('27', '11', '2026'), bad)).toMatchObject({ field: 'receivedTime' });
    // The hour the clocks skip in spring.
    expect(receivedInstant(on('29', '3', '2026'), '01:30')).toMatchObject({ field: 'receivedTime', message: expect.stringContaining('clocks went forward') });
  });
});
