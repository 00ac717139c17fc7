import { Body, Controller, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { ACTOR_HEADER } from '../actor/actor.guard';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { CreateRequestDto } from './create-request.dto';
import { ListRequestsQuery } from './list-requests.query';
import { RequestsService } from './requests.service';

@ApiTags('requests')
@ApiHeader({ name: ACTOR_HEADER, description: 'Demo identity: a seeded user email', required: true })
@Controller('requests')
export class RequestsController {
  constructor(private readonly requests: RequestsService) {}

  @Post()
  @AllowRoles('coordinator')
  @ApiResponse({ status: 201, description: 'Recorded and started' })
  @ApiResponse({ status: 200, description: 'Already recorded (same LA and reference): the existing request' })
  async create(@Body() dto: CreateRequestDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { created, request } = await this.requests.create(dto, actor);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return request;
  }

  @Get()
  @AllowRoles('coordinator', 'practitioner', 'service_lead', 'qa_reviewer', 'auditor', 'admin')
  list(@Query() q: ListRequestsQuery, @CurrentActor() actor: Actor) {
    return this.requests.list(q, actor);
  }

  @Get(':id')
  @AllowRoles('coordinator', 'practitioner', 'service_lead', 'qa_reviewer', 'auditor')
  get(@Param('id', new UuidParamPipe('id')) id: string, @CurrentActor() actor: Actor) {
    return this.requests.get(id, actor);
  }

  @Get(':id/live')
  @AllowRoles('coordinator', 'admin')
  live(@Param('id', new UuidParamPipe('id')) id: string, @CurrentActor() actor: Actor) {
    return this.requests.liveState(id, actor);
  }
}
