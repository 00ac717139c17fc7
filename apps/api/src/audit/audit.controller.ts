import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { AuditSearchQuery } from './audit-search.query';
import { AuditSearchService } from './audit-search.service';

/** Read-only by design: the log has no update or delete route, and the database refuses both. */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly search: AuditSearchService) {}

  @Get()
  @AllowRoles('auditor', 'admin')
  find(@Query() q: AuditSearchQuery, @CurrentActor() actor: Actor) {
    return this.search.search(q, actor);
  }
}
