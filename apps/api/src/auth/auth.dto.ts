import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH } from './password.policy';

export class SignInDto {
  @ApiProperty({ example: 'coordinator@demo.sendflow.nhs.uk' })
  @IsString({ message: 'email must be a string' }) @MinLength(1, { message: 'email must not be empty' }) @MaxLength(320)
  email!: string;

  @ApiProperty({ format: 'password' })
  @IsString({ message: 'password must be a string' }) @MinLength(1, { message: 'password must not be empty' }) @MaxLength(1024)
  password!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString({ message: 'currentPassword must be a string' }) @MinLength(1, { message: 'currentPassword must not be empty' }) @MaxLength(1024)
  currentPassword!: string;

  @ApiProperty({ format: 'password', minLength: 12, description: 'At least 12 characters; not your email, not the current password' })
  @IsString({ message: 'newPassword must be a string' }) @MaxLength(PASSWORD_MAX_LENGTH, { message: `newPassword must be at most ${PASSWORD_MAX_LENGTH} characters` })
  newPassword!: string;
}

export interface SessionView {
  user: { id: string; email: string; displayName: string; roles: string[]; services: string[] };
  method: 'password' | 'oidc';
  /** Send as the `x-csrf-token` header on every POST, PUT, PATCH and DELETE. */
  csrfToken: string;
  expiresAt: string;
  idleTimeoutSeconds: number;
}
