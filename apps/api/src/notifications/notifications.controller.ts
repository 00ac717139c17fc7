import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Put, Query } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { ApiErrors } from '../common/api-errors.decorator';
import { ROLES, type Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { NotificationListQueryDto, NotificationListResponseDto, NotificationPreferenceDto, NotificationPreferenceResponseDto, UnreadCountResponseDto } from './notifications.dto';
import { NotificationsRepository } from './notifications.repository';

/** Each user's own notifications (reminders and escalations that concern them); nobody sees another's. */
@ApiTags('notifications')
@Controller('notifications')
@AllowRoles(...ROLES)
export class NotificationsController {
  constructor(private readonly notifications: NotificationsRepository) {}

  @Get()
  @ZodResponse({ status: 200, type: NotificationListResponseDto, description: 'The latest 100, newest first, and the unread count' })
  @ApiErrors(400)
  async list(@Query() q: NotificationListQueryDto, @CurrentActor() actor: Actor) {
    const [items, unread] = await Promise.all([this.notifications.list(actor.userId, q.unread === 'true'), this.notifications.unreadCount(actor.userId)]);
    return {
      items: items.map((n) => ({ id: n.id, requestId: n.requestId, kind: n.kind, message: n.message, createdAt: new Date(n.createdAt).toISOString(), readAt: n.readAt ? new Date(n.readAt).toISOString() : null })),
      unread,
    };
  }

  @Get('unread-count')
  @ZodResponse({ status: 200, type: UnreadCountResponseDto })
  async unreadCount(@CurrentActor() actor: Actor) {
    return { unread: await this.notifications.unreadCount(actor.userId) };
  }

  @Post(':id/read')
  @HttpCode(204)
  @ApiResponse({ status: 204, description: 'Marked read' })
  @ApiErrors(400, 404)
  async markRead(@Param('id', new UuidParamPipe('id')) id: string, @CurrentActor() actor: Actor) {
    if (!(await this.notifications.markRead(actor.userId, id))) throw new NotFoundException(`Notification ${id} not found`);
  }

  @Post('read-all')
  @HttpCode(204)
  @ApiResponse({ status: 204, description: 'All marked read' })
  async markAllRead(@CurrentActor() actor: Actor) {
    await this.notifications.markAllRead(actor.userId);
  }

  @Get('email-preference')
  @ZodResponse({ status: 200, type: NotificationPreferenceResponseDto, description: 'How reminders reach this user by email' })
  async getPreference(@CurrentActor() actor: Actor) {
    return { email: ((await this.notifications.emailPreference(actor.userId)) ?? 'immediate') as 'immediate' | 'digest' | 'off' };
  }

  @Put('email-preference')
  @ZodResponse({ status: 200, type: NotificationPreferenceResponseDto, description: 'How reminders reach this user by email: immediate, digest (daily) or off' })
  @ApiErrors(400, 413, 415)
  async setPreference(@Body() dto: NotificationPreferenceDto, @CurrentActor() actor: Actor) {
    await this.notifications.setEmailPreference(actor.userId, dto.email);
    return { email: dto.email };
  }
}
