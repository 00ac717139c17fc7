import { createZodDto } from '../common/zod-dto';
import { adminServiceResponse, createServiceBody, serviceCodeParams, updateServiceBody } from '@sendflow/domain';

export class ServiceCodeParams extends createZodDto(serviceCodeParams) {}
export class CreateServiceDto extends createZodDto(createServiceBody) {}
export class UpdateServiceDto extends createZodDto(updateServiceBody) {}
export class AdminServiceDto extends createZodDto(adminServiceResponse) {}
