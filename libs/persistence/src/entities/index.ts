import { AuditEventEntity } from './audit-event.entity';
import { DocumentVersionEntity } from './document-version.entity';
import { NotificationEntity } from './notification.entity';
import { LocalAuthorityEntity } from './local-authority.entity';
import { OidcLoginEntity } from './oidc-login.entity';
import { RequestEntity } from './request.entity';
import { ServiceEntity } from './service.entity';
import { SessionEntity } from './session.entity';
import { SignInFailureEntity, SignInLockoutEntity } from './sign-in-throttle.entity';
import { SopVersionEntity } from './sop-version.entity';
import { TaskDraftEntity } from './task-draft.entity';
import { TaskEntity } from './task.entity';
import { TimelineEventEntity } from './timeline-event.entity';
import { UserEntity } from './user.entity';

export { AuditEventEntity, LocalAuthorityEntity, RequestEntity, ServiceEntity, SopVersionEntity, TaskDraftEntity, TaskEntity, TimelineEventEntity, UserEntity };
export { DocumentVersionEntity, NotificationEntity };
export type { DeliveryChannel, DeliveryStatus } from './document-version.entity';
export { OidcLoginEntity, SessionEntity, SignInFailureEntity, SignInLockoutEntity };
export const ENTITIES = [AuditEventEntity, LocalAuthorityEntity, RequestEntity, ServiceEntity, SopVersionEntity, TaskEntity, TimelineEventEntity, UserEntity,
  OidcLoginEntity, SessionEntity, SignInFailureEntity, SignInLockoutEntity, DocumentVersionEntity, NotificationEntity, TaskDraftEntity];
