import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { ApiErrors } from '../common/api-errors.decorator';
import { AdminServicesService } from './admin-services.service';
import { AdminServiceDto, CreateServiceDto, ServiceCodeParams, UpdateServiceDto } from './service.dto';

/** Admin view of services, inactive ones included (GET /api/services is everyone's reference list). */
@ApiTags('admin')
@Controller('admin/services')
@AllowRoles('admin')
export class AdminServicesController {
  constructor(private readonly services: AdminServicesService) {}

  @Get()
  @ZodResponse({ status: 200, type: [AdminServiceDto] })
  list() {
    return this.services.list();
  }

  @Post()
  @ZodResponse({ status: 201, type: AdminServiceDto })
  @ApiErrors(400, 409, 413, 415)
  create(@Body() dto: CreateServiceDto, @CurrentActor() actor: Actor) {
    return this.services.create(dto, actor);
  }

  @Patch(':code')
  @ZodResponse({ status: 200, type: AdminServiceDto })
  @ApiErrors(400, 404, 413, 415)
  update(@Param() { code }: ServiceCodeParams, @Body() dto: UpdateServiceDto, @CurrentActor() actor: Actor) {
    return this.services.update(code, dto, actor);
  }
}
