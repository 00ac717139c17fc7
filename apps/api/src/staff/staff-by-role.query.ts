import { createZodDto } from '../common/zod-dto';
import { staffByRoleQuery, staffMemberResponse } from '@sendflow/domain';

export class StaffByRoleQuery extends createZodDto(staffByRoleQuery) {}
export class StaffMemberDto extends createZodDto(staffMemberResponse) {}
