import { AuditEventEntity } from './audit-event.entity';
import { LocalAuthorityEntity } from './local-authority.entity';
import { RequestEntity } from './request.entity';
import { ServiceEntity } from './service.entity';
import { SopVersionEntity } from './sop-version.entity';
import { TaskEntity } from './task.entity';
import { TimelineEventEntity } from './timeline-event.entity';
import { UserEntity } from './user.entity';

export { AuditEventEntity, LocalAuthorityEntity, RequestEntity, ServiceEntity, SopVersionEntity, TaskEntity, TimelineEventEntity, UserEntity };
export const ENTITIES = [AuditEventEntity, LocalAuthorityEntity, RequestEntity, ServiceEntity, SopVersionEntity, TaskEntity, TimelineEventEntity, UserEntity];
