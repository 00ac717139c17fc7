import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { CodeParamPipe } from '../common/code-param.pipe';
import { StaffService } from './staff.service';

@ApiTags('reference')
@Controller('services')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get(':code/members')
  @AllowRoles('coordinator', 'service_lead')
  @ApiOperation({ summary: "Active members of a service ({ userId, displayName, roles }): a lead's own services, or any for the coordinator; 404 otherwise" })
  members(@Param('code', new CodeParamPipe('code', 'a service code such as SLT')) code: string, @CurrentActor() actor: Actor) {
    return this.staff.members(code, actor);
  }
}
