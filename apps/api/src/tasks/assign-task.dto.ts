import { createZodDto } from 'nestjs-zod';
import { assignTaskBody } from '@sendflow/domain';

export class AssignTaskDto extends createZodDto(assignTaskBody) {}
