import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { ApiErrors } from '../common/api-errors.decorator';
import { AuditPageDto, AuditSearchQuery } from './audit-search.query';
import { AuditSearchService } from './audit-search.service';

/** Read-only by design: the log has no update or delete route, and the database refuses both. */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly search: AuditSearchService) {}

  @Get()
  @AllowRoles('auditor', 'admin')
  @ZodResponse({ status: 200, type: AuditPageDto, description: 'Newest first; the search itself is recorded' })
  @ApiErrors(400)
  find(@Query() q: AuditSearchQuery, @CurrentActor() actor: Actor) {
    return this.search.search(q, actor);
  }
}
