import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { CaseloadService } from './caseload.service';
import { CaseloadResponseDto, CreateRequestDto, IntakeConflictDto, ListRequestsQueryDto, RequestDetailDto } from './requests.dto';
import { RecordExceptionDto } from './record-exception.dto';
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
  @ApiResponse({ status: 400, description: 'A field is invalid (named in issues)' })
  @ApiResponse({ status: 409, type: IntakeConflictDto, description: 'The LA reference is already a request for a different child (named by id and reference only)' })
  async create(@Body() dto: CreateRequestDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { created, request } = await this.requests.create(dto, actor);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return request;
  }

  /** The caseload: open (or closed) requests with days left and red/amber/green, filtered, searched and paged. */
  @Get()
  @AllowRoles('coordinator', 'practitioner', 'service_lead', 'qa_reviewer', 'auditor')
  @ApiResponse({ status: 200, type: CaseloadResponseDto })
  @ApiResponse({ status: 400, description: 'A query parameter is invalid (named in issues)' })
  list(@Query() q: ListRequestsQueryDto, @CurrentActor() actor: Actor) {
    return this.caseload.list(q, actor);
  }

  @Get(':id')
  @AllowRoles('coordinator', 'practitioner', 'service_lead', 'qa_reviewer', 'auditor')
  @ApiResponse({ status: 200, type: RequestDetailDto })
  @ApiResponse({ status: 404, description: 'No such request (or not yours to see)' })
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
    return this.requests.recordException(id, dto, actor, key && /^[\w-]{1,100}$/.test(key) ? key : undefined);
  }
}
