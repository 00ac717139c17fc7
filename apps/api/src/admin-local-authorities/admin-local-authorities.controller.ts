import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { ApiErrors } from '../common/api-errors.decorator';
import { AdminLocalAuthoritiesService } from './admin-local-authorities.service';
import { AdminLocalAuthorityDto, CreateLocalAuthorityDto, LocalAuthorityCodeParams, UpdateLocalAuthorityDto } from './local-authority.dto';

@ApiTags('admin')
@Controller('admin/local-authorities')
@AllowRoles('admin')
export class AdminLocalAuthoritiesController {
  constructor(private readonly las: AdminLocalAuthoritiesService) {}

  @Get()
  @ZodResponse({ status: 200, type: [AdminLocalAuthorityDto] })
  list() {
    return this.las.list();
  }

  @Post()
  @ZodResponse({ status: 201, type: AdminLocalAuthorityDto })
  @ApiErrors(400, 409, 413, 415)
  create(@Body() dto: CreateLocalAuthorityDto, @CurrentActor() actor: Actor) {
    return this.las.create(dto, actor);
  }

  @Patch(':code')
  @ZodResponse({ status: 200, type: AdminLocalAuthorityDto })
  @ApiErrors(400, 404, 413, 415)
  update(@Param() { code }: LocalAuthorityCodeParams, @Body() dto: UpdateLocalAuthorityDto, @CurrentActor() actor: Actor) {
    return this.las.update(code, dto, actor);
  }
}
