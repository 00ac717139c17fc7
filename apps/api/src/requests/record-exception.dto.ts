import { createZodDto } from 'nestjs-zod';
import { recordExceptionBody } from '@sendflow/domain';

export class RecordExceptionDto extends createZodDto(recordExceptionBody) {}
