import { ApiError } from '../api/http';
import { applyApiError, summaryItems } from './form-errors';

describe('API field issues onto form fields (apps/web/src/ui/form-errors.ts)', () => {
  const collect = () => {
    const set: Record<string, string> = {};
    return { set, setError: (f: string, e: { message?: string }) => { set[f] = e.message!; } };
  };

  it('puts each 400 issue on its field, with the field label, and returns what no field took', () => {
    const { set, setError } = collect();
    const err = new ApiError(400, 'bad', [
      { field: 'newPassword', message: 'newPassword must be at least 12 characters' },
      { field: 'child.givenName', message: 'child.givenName: Too small' },
      { field: 'somethingElse', message: 'somethingElse: nope' },
    ]);
    const loose = applyApiError(err, setError as never, {
      known: ['newPassword', 'givenName'], labels: { newPassword: 'New password' },
      fieldFor: (f) => (f === 'child.givenName' ? 'givenName' : f),
    });
    expect(set).toEqual({ newPassword: 'New password must be at least 12 characters', givenName: 'Too small' });
    expect(loose).toEqual(['somethingElse: nope']);
  });

  it('reads a conflict that names its field first (409 `email: ... already exists`)', () => {
    const { set, setError } = collect();
    expect(applyApiError(new ApiError(409, 'email: a user with a@b.uk already exists'), setError as never, { known: ['email'], labels: { email: 'Email address' } })).toEqual([]);
    expect(set).toEqual({ email: 'Email address: a user with a@b.uk already exists' });
    expect(applyApiError(new Error('network down'), setError as never, { known: ['email'] })).toEqual(['network down']);
  });

  it('lists errors in field order, each linked to its field id, nested ones included', () => {
    const errors = { b: { type: 'x', message: 'B wrong' }, a: { type: 'x', message: 'A wrong' }, d: { day: { type: 'x', message: 'D wrong' } } };
    expect(summaryItems(errors as never, ['a', 'b', 'd'], (f) => `id-${f.split('.')[0]}`, ['loose'])).toEqual([
      { fieldId: 'id-a', message: 'A wrong' }, { fieldId: 'id-b', message: 'B wrong' }, { fieldId: 'id-d', message: 'D wrong' }, { message: 'loose' },
    ]);
  });
});
