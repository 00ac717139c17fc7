import { TypedSearchAttributes } from '@temporalio/common';
import { SA_DUE, SA_LA, SA_STATUS } from '@sendflow/workflows';

/** Set at the start, so a request is findable in the Temporal UI from its first moment (ids and dates only, no personal data). */
export function intakeSearchAttributes(statutoryDueDate: string, localAuthorityCode: string): TypedSearchAttributes {
  return new TypedSearchAttributes([
    { key: SA_STATUS, value: 'received' },
    { key: SA_LA, value: localAuthorityCode },
    { key: SA_DUE, value: new Date(`${statutoryDueDate}T00:00:00Z`) },
  ]);
}
