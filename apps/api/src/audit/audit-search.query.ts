import { createZodDto } from 'nestjs-zod';
import { auditPageResponse, auditSearchQuery } from '@sendflow/domain';

export class AuditSearchQuery extends createZodDto(auditSearchQuery) {}
export class AuditPageDto extends createZodDto(auditPageResponse) {}
