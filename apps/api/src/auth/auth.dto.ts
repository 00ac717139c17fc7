import { createZodDto } from '../common/zod-dto';
import { changePasswordBody, changePasswordResponse, sessionResponse, signInBody, signInOptionsResponse, type SessionResponse } from '@sendflow/domain';

export class SignInDto extends createZodDto(signInBody) {}
export class ChangePasswordDto extends createZodDto(changePasswordBody) {}
export class SessionDto extends createZodDto(sessionResponse) {}
export class SignInOptionsDto extends createZodDto(signInOptionsResponse) {}
export class ChangePasswordResultDto extends createZodDto(changePasswordResponse) {}

export type SessionView = SessionResponse;
