import { createZodDto } from '../common/zod-dto';
import { laDeliveryBody, laDeliveryResponse } from '@sendflow/domain';

export class LaDeliveryDto extends createZodDto(laDeliveryBody) {}
export class LaDeliveryResponseDto extends createZodDto(laDeliveryResponse) {}
