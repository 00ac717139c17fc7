/** The identifiers intake compares; what is compared is normalised the way staff would read it. */
export interface ChildKey { givenName: string; familyName: string; dateOfBirth: string; nhsNumber?: string | null }

const name = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-GB');
const nhs = (s: string | null | undefined) => (s ? s.replace(/\s/g, '') : null);

/**
 * Whether a second post under an existing LA reference is about the same child. Name case and
 * spacing do not matter; a different date of birth, name, or NHS number (when both posts carry
 * one) means a different child, whose request must not be silently dropped.
 */
export function isSameChild(existing: ChildKey, posted: ChildKey): boolean {
  if (name(existing.givenName) !== name(posted.givenName) || name(existing.familyName) !== name(posted.familyName)) return false;
  if (existing.dateOfBirth !== posted.dateOfBirth) return false;
  const a = nhs(existing.nhsNumber);
  const b = nhs(posted.nhsNumber);
  return !a || !b || a === b;
}
