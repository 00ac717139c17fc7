import { isSameChild } from './same-child.util';

const alex = { givenName: 'Alex', familyName: 'Example', dateOfBirth: '2018-04-12', nhsNumber: '9434765919' };

describe('isSameChild', () => {
  it('ignores case and stray spaces in names, and spaces in the NHS number', () => {
    expect(isSameChild(alex, { givenName: ' alex ', familyName: 'EXAMPLE', dateOfBirth: '2018-04-12', nhsNumber: '943 476 5919' })).toBe(true);
  });
  it('treats a missing NHS number on either side as not contradicting', () => {
    expect(isSameChild(alex, { ...alex, nhsNumber: undefined })).toBe(true);
    expect(isSameChild({ ...alex, nhsNumber: null }, alex)).toBe(true);
  });
  it.each([
    ['given name', { givenName: 'Sam' }],
    ['family name', { familyName: 'Other' }],
    ['date of birth', { dateOfBirth: '2018-04-13' }],
    ['NHS number', { nhsNumber: '4010232137' }],
  ])('a different %s is a different child', (_what, change) => {
    expect(isSameChild(alex, { ...alex, ...change })).toBe(false);
  });
});
