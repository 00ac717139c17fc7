/** The health services a trust may allocate a request to (domain.md, "Allocation"). Seeded; admins add more. */
export const DEFAULT_SERVICES = [
  { code: 'PAED', name: 'Community paediatrics' },
  { code: 'SLT', name: 'Speech and language therapy' },
  { code: 'OT', name: 'Occupational therapy' },
  { code: 'PHYSIO', name: 'Physiotherapy' },
  { code: 'PSYCH', name: 'Psychology' },
  { code: 'CAMHS', name: 'Child and adolescent mental health services' },
  { code: 'HV', name: 'Health visiting' },
  { code: 'SN', name: 'School nursing' },
  { code: 'SSN', name: 'Specialist school nursing' },
] as const;

export const SERVICE_CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,15}$/;
