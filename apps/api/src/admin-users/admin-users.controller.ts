import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { AdminUsersService } from './admin-users.service';
import { CreateUserDto, SetPasswordDto, UpdateUserDto } from './user.dto';

@ApiTags('admin')
@Controller('admin/users')
@AllowRoles('admin')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  list() {
    return this.users.list();
  }

  @Get(':id')
  get(@Param('id', new UuidParamPipe('id')) id: string) {
    return this.users.get(id);
  }

  @Post()
  create(@Body() dto: CreateUserDto, @CurrentActor() actor: Actor) {
    return this.users.create(dto, actor);
  }

  @Patch(':id')
  update(@Param('id', new UuidParamPipe('id')) id: string, @Body() dto: UpdateUserDto, @CurrentActor() actor: Actor) {
    return this.users.update(id, dto, actor);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  deactivate(@Param('id', new UuidParamPipe('id')) id: string, @CurrentActor() actor: Actor) {
    return this.users.setActive(id, false, actor);
  }

  @Post(':id/password')
  @HttpCode(200)
  setPassword(@Param('id', new UuidParamPipe('id')) id: string, @Body() dto: SetPasswordDto, @CurrentActor() actor: Actor) {
    return this.users.setPassword(id, dto.password, actor);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  reactivate(@Param('id', new UuidParamPipe('id')) id: string, @CurrentActor() actor: Actor) {
    return this.users.setActive(id, true, actor);
  }
}
