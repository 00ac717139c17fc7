import { createZodDto } from '../common/zod-dto';
import { notificationListQuery, notificationListResponse, notificationPreferenceBody, notificationPreferenceResponse, unreadCountResponse } from '@sendflow/domain';

export class NotificationListQueryDto extends createZodDto(notificationListQuery) {}
export class NotificationListResponseDto extends createZodDto(notificationListResponse) {}
export class UnreadCountResponseDto extends createZodDto(unreadCountResponse) {}
export class NotificationPreferenceDto extends createZodDto(notificationPreferenceBody) {}
export class NotificationPreferenceResponseDto extends createZodDto(notificationPreferenceResponse) {}
