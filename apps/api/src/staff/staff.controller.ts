import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { createZodDto } from '../common/zod-dto';
import { serviceCodeParams, type Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { ApiErrors } from '../common/api-errors.decorator';
import { StaffMemberDto } from './staff-by-role.query';
import { StaffService } from './staff.service';

class ServiceCodeParams extends createZodDto(serviceCodeParams) {}

@ApiTags('reference')
@Controller('services')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get(':code/members')
  @AllowRoles('coordinator', 'service_lead')
  @ApiOperation({ summary: "Active members of a service: a lead's own services, or any for the coordinator; 404 otherwise" })
  @ZodResponse({ status: 200, type: [StaffMemberDto] })
  @ApiErrors(400, 404)
  members(@Param() { code }: ServiceCodeParams, @CurrentActor() actor: Actor) {
    return this.staff.members(code, actor);
  }
}
