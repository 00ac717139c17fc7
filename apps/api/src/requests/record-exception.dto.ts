import { createZodDto } from '../common/zod-dto';
import { recordExceptionBody } from '@sendflow/domain';

export class RecordExceptionDto extends createZodDto(recordExceptionBody) {}
