import { AuditEventEntity } from './audit-event.entity';
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
export { OidcLoginEntity, SessionEntity, SignInFailureEntity, SignInLockoutEntity };
export const ENTITIES = [AuditEventEntity, LocalAuthorityEntity, RequestEntity, ServiceEntity, SopVersionEntity, TaskEntity, TimelineEventEntity, UserEntity,
  OidcLoginEntity, SessionEntity, SignInFailureEntity, SignInLockoutEntity, TaskDraftEntity];
