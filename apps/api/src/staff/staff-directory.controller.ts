import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { AllowRoles } from '../actor/access.decorators';
import { ApiErrors } from '../common/api-errors.decorator';
import { StaffByRoleQuery, StaffMemberDto } from './staff-by-role.query';
import { StaffRepository } from './staff.repository';

/** Whom the coordinator can give a task that belongs to no service (triage, allocation, QA review, return). */
@ApiTags('reference')
@Controller('staff')
export class StaffDirectoryController {
  constructor(private readonly staff: StaffRepository) {}

  @Get()
  @AllowRoles('coordinator')
  @ApiOperation({ summary: 'Active users holding a role, for assigning tasks that belong to no service' })
  @ZodResponse({ status: 200, type: [StaffMemberDto] })
  @ApiErrors(400)
  withRole(@Query() q: StaffByRoleQuery) {
    return this.staff.withRole(q.role);
  }
}
