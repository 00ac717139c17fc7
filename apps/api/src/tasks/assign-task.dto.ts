import { createZodDto } from '../common/zod-dto';
import { assignTaskBody } from '@sendflow/domain';

export class AssignTaskDto extends createZodDto(assignTaskBody) {}
