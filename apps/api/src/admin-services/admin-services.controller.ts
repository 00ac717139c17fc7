import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { CodeParamPipe } from '../common/code-param.pipe';
import { AdminServicesService } from './admin-services.service';
import { CreateServiceDto, UpdateServiceDto } from './service.dto';

/** Admin view of services, inactive ones included (GET /api/services is everyone's reference list). */
@ApiTags('admin')
@Controller('admin/services')
@AllowRoles('admin')
export class AdminServicesController {
  constructor(private readonly services: AdminServicesService) {}

  @Get()
  list() {
    return this.services.list();
  }

  @Post()
  create(@Body() dto: CreateServiceDto, @CurrentActor() actor: Actor) {
    return this.services.create(dto, actor);
  }

  @Patch(':code')
  update(@Param('code', new CodeParamPipe('code', 'a service code such as SLT')) code: string, @Body() dto: UpdateServiceDto, @CurrentActor() actor: Actor) {
    return this.services.update(code, dto, actor);
  }
}
