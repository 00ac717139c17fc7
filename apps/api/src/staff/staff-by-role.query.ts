import { createZodDto } from 'nestjs-zod';
import { staffByRoleQuery, staffMemberResponse } from '@sendflow/domain';

export class StaffByRoleQuery extends createZodDto(staffByRoleQuery) {}
export class StaffMemberDto extends createZodDto(staffMemberResponse) {}
