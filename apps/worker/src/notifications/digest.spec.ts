import { withAmendments } from '../delivery/document.activities';
import { digestTimeFromEnv } from './digest-schedule';
import { digestText } from './notification-mailer';

describe('daily digest pieces', () => {
  it('reads NOTIFICATION_DIGEST_TIME as HH:MM, 07:00 by default, and refuses anything else by name', () => {
    expect(digestTimeFromEnv({})).toEqual({ hour: 7, minute: 0 });
    expect(digestTimeFromEnv({ NOTIFICATION_DIGEST_TIME: '6:30' })).toEqual({ hour: 6, minute: 30 });
    expect(digestTimeFromEnv({ NOTIFICATION_DIGEST_TIME: '23:59' })).toEqual({ hour: 23, minute: 59 });
    for (const bad of ['24:00', '7', '07:60', 'seven']) expect(() => digestTimeFromEnv({ NOTIFICATION_DIGEST_TIME: bad })).toThrow(/NOTIFICATION_DIGEST_TIME: must be HH:MM/);
  });

  it('lists each notification with its kind, London time and LA reference, and the older unread count', () => {
    const text = digestText([
      { id: 'a', kind: 'reminder', message: 'Draft due in 5 working days', created_at: new Date('2026-07-01T08:30:00Z'), la_reference: 'EHC-1' },
      { id: 'b', kind: 'escalation', message: 'One week left', created_at: new Date('2026-07-01T09:00:00Z'), la_reference: null },
    ], 3);
    expect(text).toContain('- 1 Jul, 09:30  Reminder: Draft due in 5 working days (LA reference EHC-1)');
    expect(text).toContain('- 1 Jul, 10:00  Escalation: One week left\n');
    expect(text).toContain('You also have 3 older unread notifications.');
    expect(digestText([{ id: 'c', kind: 'action', message: 'x', created_at: new Date('2026-01-01T00:00:00Z'), la_reference: null }], 0)).not.toContain('older unread');
  });
});

describe('a correction’s amended sections', () => {
  const c = (serviceCode: string, data: string) => ({ serviceCode, taskId: `${serviceCode}-${data}`, data });
  it('replace the services’ sections in place, keep the others, and add a service that had not contributed at the end', () => {
    expect(withAmendments([c('SLT', 'v1'), c('OT', 'v1')], [c('SLT', 'v2')])).toEqual([c('SLT', 'v2'), c('OT', 'v1')]);
    expect(withAmendments([c('SLT', 'v1')], [c('PHYSIO', 'v2')])).toEqual([c('SLT', 'v1'), c('PHYSIO', 'v2')]);
    expect(withAmendments([c('SLT', 'v1')], [])).toEqual([c('SLT', 'v1')]);
  });
});
