import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { ApiErrors } from '../common/api-errors.decorator';
import { AdminUsersService } from './admin-users.service';
import { CreateUserDto, SetPasswordDto, SetPasswordResultDto, UpdateUserDto, UserDto, UserIdParams } from './user.dto';

@ApiTags('admin')
@Controller('admin/users')
@AllowRoles('admin')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  @ZodResponse({ status: 200, type: [UserDto] })
  list() {
    return this.users.list();
  }

  @Get(':id')
  @ZodResponse({ status: 200, type: UserDto })
  @ApiErrors(400, 404)
  get(@Param() { id }: UserIdParams) {
    return this.users.get(id);
  }

  @Post()
  @ZodResponse({ status: 201, type: UserDto })
  @ApiErrors(400, 409, 413, 415)
  create(@Body() dto: CreateUserDto, @CurrentActor() actor: Actor) {
    return this.users.create(dto, actor);
  }

  @Patch(':id')
  @ZodResponse({ status: 200, type: UserDto })
  @ApiErrors(400, 404, 409, 413, 415)
  update(@Param() { id }: UserIdParams, @Body() dto: UpdateUserDto, @CurrentActor() actor: Actor) {
    return this.users.update(id, dto, actor);
  }

  @Post(':id/deactivate')
  @ZodResponse({ status: 200, type: UserDto, description: 'Deactivated; their sessions have ended' })
  @ApiErrors(400, 404, 409)
  deactivate(@Param() { id }: UserIdParams, @CurrentActor() actor: Actor) {
    return this.users.setActive(id, false, actor);
  }

  @Post(':id/password')
  @ZodResponse({ status: 200, type: SetPasswordResultDto })
  @ApiErrors(400, 404, 409, 413, 415)
  setPassword(@Param() { id }: UserIdParams, @Body() dto: SetPasswordDto, @CurrentActor() actor: Actor) {
    return this.users.setPassword(id, dto.password, actor);
  }

  @Post(':id/reactivate')
  @ZodResponse({ status: 200, type: UserDto })
  @ApiErrors(400, 404, 409)
  reactivate(@Param() { id }: UserIdParams, @CurrentActor() actor: Actor) {
    return this.users.setActive(id, true, actor);
  }
}
