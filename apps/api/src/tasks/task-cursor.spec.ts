import { decodeTaskCursor, encodeTaskCursor } from './tasks.service';

describe('task list cursor', () => {
  const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
  it('round-trips the last row of a page', () => {
    for (const c of [{ d: '2026-12-01', o: '2026-11-30 08:55:36.123456+00', id }, { d: null, o: '2026-11-30 08:55:36+01', id }]) {
      expect(decodeTaskCursor(encodeTaskCursor(c))).toEqual(c);
    }
  });
  it('refuses anything the API did not make with a 400 naming cursor, before it reaches SQL', () => {
    const forged = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const raw of ['abc', forged([1]), forged({ d: '2026-02-30', o: '2026-11-30 08:55:36+00', id }), forged({ d: null, o: '2026-11-30 25:00:00+00', id }),
      forged({ d: null, o: "2026-11-30 08:55:36+00'; drop table tasks;--", id }), forged({ d: null, o: '2026-11-30 08:55:36+00', id: 'x' })]) {
      expect(() => decodeTaskCursor(raw)).toThrow(expect.objectContaining({ response: expect.objectContaining({ issues: [{ field: 'cursor', message: 'cursor: not a cursor this API made' }] }) }));
    }
  });
});
