import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { Response } from 'express';
import type { Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { ApiErrors } from '../common/api-errors.decorator';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { CaseloadService } from './caseload.service';
import { CaseloadResponseDto, CreateRequestDto, IntakeConflictProblemDto, ListRequestsQueryDto, LiveStateDto, RequestDetailDto, RequestRecordDto } from './requests.dto';
import { RecordExceptionDto } from './record-exception.dto';
import { RequestFlowResponseDto } from './request-flow.dto';
import { idempotencyKeyOf } from '../idempotency/idempotency-key';
import { RequestDetailService } from './request-detail.service';
import { RequestsService } from './requests.service';

@ApiTags('requests')
@Controller('requests')
export class RequestsController {
  constructor(
    private readonly requests: RequestsService,
    private readonly caseload: CaseloadService,
    private readonly detail: RequestDetailService,
  ) {}

  @Post()
  @AllowRoles('coordinator')
  @ZodResponse({ status: 201, type: RequestRecordDto, description: 'Recorded and started' })
  @ZodResponse({ status: 200, type: RequestRecordDto, description: 'Already recorded (same LA, reference and child): the existing request' })
  @ApiErrors(400, 413, 415, 503, { status: 409, type: IntakeConflictProblemDto, description: 'The LA reference is already a request for a different child (named by id and reference only), or the SOP has no published version' })
  async create(@Body() dto: CreateRequestDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { created, request } = await this.requests.create(dto, actor);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return request;
  }

  /** The caseload: open (or closed) requests with days left and red/amber/green, filtered, searched and paged. */
  @Get()
  @AllowRoles('coordinator', 'practitioner', 'service_lead', 'qa_reviewer', 'auditor')
  @ApiResponse({ status: 200, type: CaseloadResponseDto })
  @ApiErrors(400)
  list(@Query() q: ListRequestsQueryDto, @CurrentActor() actor: Actor) {
    return this.caseload.list(q, actor);
  }

  @Get(':id')
  @AllowRoles('coordinator', 'practitioner', 'service_lead', 'qa_reviewer', 'auditor')
  @ApiResponse({ status: 200, type: RequestDetailDto })
  @ApiErrors(400, 404)
  get(@Param('id', new UuidParamPipe('id')) id: string, @CurrentActor() actor: Actor) {
    return this.detail.get(id, actor);
  }

  /** The pinned SOP version, for drawing the request on its flow; whoever may read the request may read it (audited). */
  @Get(':id/flow')
  @AllowRoles('coordinator', 'practitioner', 'service_lead', 'qa_reviewer', 'auditor')
  @ApiResponse({ status: 200, type: RequestFlowResponseDto, description: 'The SOP version the request runs on' })
  @ApiErrors(400, 404)
  flow(@Param('id', new UuidParamPipe('id')) id: string, @CurrentActor() actor: Actor) {
    return this.requests.flow(id, actor);
  }

  @Get(':id/live')
  @AllowRoles('coordinator')
  @ZodResponse({ status: 200, type: LiveStateDto, description: "The workflow's own state: the request's and its running service branches' tasks and active steps" })
  @ApiErrors(400, 404, 503)
  live(@Param('id', new UuidParamPipe('id')) id: string, @CurrentActor() actor: Actor) {
    return this.requests.liveState(id, actor);
  }

  @Post(':id/statutory-exceptions')
  @HttpCode(200)
  @AllowRoles('coordinator')
  @ApiHeader({ name: 'idempotency-key', required: false, description: 'A retry with the same key records the exception once' })
  @ZodResponse({ status: 200, type: RequestRecordDto, description: 'Recorded; the request with its moved deadline and explanation' })
  @ApiErrors(400, 404, 409, 413, 415, 503)
  recordException(
    @Param('id', new UuidParamPipe('id')) id: string,
    @Body() dto: RecordExceptionDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.requests.recordException(id, dto, actor, idempotencyKeyOf(key));
  }
}
