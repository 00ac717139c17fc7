import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { LocalAuthorityCodeParams } from '../admin-local-authorities/local-authority.dto';
import { ApiErrors } from '../common/api-errors.decorator';
import { LaDeliveryDto, LaDeliveryResponseDto } from './la-delivery.dto';
import { LaDeliveryService } from './la-delivery.service';

@ApiTags('admin')
@Controller('admin/local-authorities/:code/delivery')
@AllowRoles('admin')
export class LaDeliveryController {
  constructor(private readonly delivery: LaDeliveryService) {}

  @Get()
  @ZodResponse({ status: 200, type: LaDeliveryResponseDto })
  @ApiErrors(400, 404)
  get(@Param() { code }: LocalAuthorityCodeParams) {
    return this.delivery.get(code);
  }

  @Put()
  @ZodResponse({ status: 200, type: LaDeliveryResponseDto, description: 'The channel as now set (the secret is never returned)' })
  @ApiErrors(400, 404, 413, 415)
  set(@Param() { code }: LocalAuthorityCodeParams, @Body() dto: LaDeliveryDto, @CurrentActor() actor: Actor) {
    return this.delivery.set(code, dto, actor);
  }
}
