import { createZodDto } from '../common/zod-dto';
import { createUserBody, idParams, setPasswordBody, setPasswordResponse, updateUserBody, userResponse } from '@sendflow/domain';

export class UserIdParams extends createZodDto(idParams) {}
export class CreateUserDto extends createZodDto(createUserBody) {}
export class UpdateUserDto extends createZodDto(updateUserBody) {}
export class SetPasswordDto extends createZodDto(setPasswordBody) {}
export class UserDto extends createZodDto(userResponse) {}
export class SetPasswordResultDto extends createZodDto(setPasswordResponse) {}
