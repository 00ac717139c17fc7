import { Body, Controller, Get, Headers, Param, Post, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { createZodDto } from '../common/zod-dto';
import type { Response } from 'express';
import { auditCriteriaBody, auditCriteriaVersionParams, auditCriteriaVersionResponse, ROLES, type Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { ApiErrors } from '../common/api-errors.decorator';
import { withEtag } from '../forms/forms.controller';
import { AuditCriteriaService } from './audit-criteria.service';

export class AuditCriteriaVersionParams extends createZodDto(auditCriteriaVersionParams) {}
export class AuditCriteriaDto extends createZodDto(auditCriteriaBody) {}
export class AuditCriteriaVersionDto extends createZodDto(auditCriteriaVersionResponse) {}

const IF_MATCH = { name: 'If-Match', required: true, description: 'The `revision` the edit started from (GET returns it, also as ETag)' };

@ApiTags('audit-criteria')
@Controller('audit-criteria')
export class AuditCriteriaController {
  constructor(private readonly criteria: AuditCriteriaService) {}

  @Get()
  @AllowRoles(...ROLES)
  @ApiOperation({ summary: 'Every version of the audit criteria, newest first; drafts only for SOP managers' })
  @ZodResponse({ status: 200, type: [AuditCriteriaVersionDto] })
  list(@CurrentActor() actor: Actor) {
    return this.criteria.list(actor);
  }


  @Get(':version')
  @AllowRoles(...ROLES)
  @ZodResponse({ status: 200, type: AuditCriteriaVersionDto })
  @ApiErrors(400, 404)
  async get(@Param() { version }: AuditCriteriaVersionParams, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return withEtag(res, await this.criteria.get(version, actor));
  }

  @Post(':version/drafts')
  @AllowRoles('sop_manager')
  @ApiOperation({ summary: 'New draft copied from this version (the next version number); 409 if a draft is open' })
  @ZodResponse({ status: 201, type: AuditCriteriaVersionDto })
  @ApiErrors(400, 404, 409)
  async createDraft(@Param() { version }: AuditCriteriaVersionParams, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return withEtag(res, await this.criteria.createDraft(version, actor));
  }

  @Put(':version')
  @AllowRoles('sop_manager')
  @ApiOperation({ summary: "Replace a draft's criteria (text, order, active); 409 if not a draft or someone else saved since If-Match" })
  @ApiHeader(IF_MATCH)
  @ZodResponse({ status: 200, type: AuditCriteriaVersionDto })
  @ApiErrors(400, 404, 409, 413, 415, 428)
  async update(
    @Param() { version }: AuditCriteriaVersionParams, @Body() body: AuditCriteriaDto, @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response,
  ) {
    return withEtag(res, await this.criteria.saveDraft(version, body, ifMatch, actor));
  }

  @Post(':version/publish')
  @AllowRoles('sop_manager')
  @ApiOperation({ summary: 'Publish a draft: SOP versions published from then on pin it, and new audit rounds score it' })
  @ApiHeader({ ...IF_MATCH, required: false, description: 'Optional: publish only if the draft is still at this revision' })
  @ZodResponse({ status: 200, type: AuditCriteriaVersionDto })
  @ApiErrors(400, 404, 409)
  publish(@Param() { version }: AuditCriteriaVersionParams, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor) {
    return this.criteria.publish(version, ifMatch, actor);
  }

  @Post(':version/retire')
  @AllowRoles('sop_manager')
  @ApiOperation({ summary: 'Retire a published version; 409 for the last published one' })
  @ZodResponse({ status: 200, type: AuditCriteriaVersionDto })
  @ApiErrors(400, 404, 409)
  retire(@Param() { version }: AuditCriteriaVersionParams, @CurrentActor() actor: Actor) {
    return this.criteria.retire(version, actor);
  }
}
