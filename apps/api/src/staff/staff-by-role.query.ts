import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ROLES, type Role } from '@sendflow/domain';

export class StaffByRoleQuery {
  @ApiProperty({ enum: ROLES, example: 'qa_reviewer' })
  @IsIn(ROLES as unknown as string[], { message: `role must be one of ${ROLES.join(', ')}` })
  role!: Role;
}
