import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { ApiErrors } from '../common/api-errors.decorator';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { CaseloadService } from './caseload.service';
import { CaseloadResponseDto, CreateRequestDto, IntakeConflictProblemDto, ListRequestsQueryDto, RequestDetailDto } from './requests.dto';
import { RecordExceptionDto } from './record-exception.dto';
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
  @ApiResponse({ status: 201, description: 'Recorded and started' })
  @ApiResponse({ status: 200, description: 'Already recorded (same LA, reference and child): the existing request' })
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

  @Get(':id/live')
  @AllowRoles('coordinator')
  live(@Param('id', new UuidParamPipe('id')) id: string, @CurrentActor() actor: Actor) {
    return this.requests.liveState(id, actor);
  }

  @Post(':id/statutory-exceptions')
  @HttpCode(200)
  @AllowRoles('coordinator')
  @ApiResponse({ status: 200, description: 'Recorded; the request with its moved deadline and explanation' })
  @ApiResponse({ status: 409, description: 'The request is closed' })
  recordException(
    @Param('id', new UuidParamPipe('id')) id: string,
    @Body() dto: RecordExceptionDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.requests.recordException(id, dto, actor, idempotencyKeyOf(key));
  }
}
