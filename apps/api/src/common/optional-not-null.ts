import { ValidateIf } from 'class-validator';

/**
 * The property may be left out, but an explicit null is validated (and refused) like any other
 * wrong value; class-validator's IsOptional would wave null through to the service.
 */
export const OptionalNotNull = () => ValidateIf((_o, v) => v !== undefined);
