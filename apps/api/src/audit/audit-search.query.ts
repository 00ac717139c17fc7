import { createZodDto } from '../common/zod-dto';
import { auditPageResponse, auditSearchQuery } from '@sendflow/domain';

export class AuditSearchQuery extends createZodDto(auditSearchQuery) {}
export class AuditPageDto extends createZodDto(auditPageResponse) {}
