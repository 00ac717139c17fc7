import { createZodDto } from '../common/zod-dto';
import { adminLocalAuthorityResponse, createLocalAuthorityBody, localAuthorityCodeParams, updateLocalAuthorityBody } from '@sendflow/domain';

export class LocalAuthorityCodeParams extends createZodDto(localAuthorityCodeParams) {}
export class CreateLocalAuthorityDto extends createZodDto(createLocalAuthorityBody) {}
export class UpdateLocalAuthorityDto extends createZodDto(updateLocalAuthorityBody) {}
export class AdminLocalAuthorityDto extends createZodDto(adminLocalAuthorityResponse) {}
