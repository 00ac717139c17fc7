import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowRoles } from '../actor/access.decorators';
import { StaffByRoleQuery } from './staff-by-role.query';
import { StaffRepository } from './staff.repository';

/** Whom the coordinator can give a task that belongs to no service (triage, allocation, QA review, return). */
@ApiTags('reference')
@Controller('staff')
export class StaffDirectoryController {
  constructor(private readonly staff: StaffRepository) {}

  @Get()
  @AllowRoles('coordinator')
  @ApiOperation({ summary: 'Active users holding a role ({ userId, displayName, roles }), for assigning tasks that belong to no service' })
  withRole(@Query() q: StaffByRoleQuery) {
    return this.staff.withRole(q.role);
  }
}
