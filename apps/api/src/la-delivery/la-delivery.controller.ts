import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { CodeParamPipe } from '../common/code-param.pipe';
import { LaDeliveryDto, LaDeliveryResponseDto } from './la-delivery.dto';
import { LaDeliveryService } from './la-delivery.service';

const laCode = () => new CodeParamPipe('code', 'a local authority code such as E06000023', /^[A-Z][0-9A-Z]{2,15}$/);

@ApiTags('admin')
@Controller('admin/local-authorities/:code/delivery')
@AllowRoles('admin')
export class LaDeliveryController {
  constructor(private readonly delivery: LaDeliveryService) {}

  @Get()
  @ApiResponse({ status: 200, type: LaDeliveryResponseDto })
  get(@Param('code', laCode()) code: string) {
    return this.delivery.get(code);
  }

  @Put()
  @ApiResponse({ status: 200, type: LaDeliveryResponseDto, description: 'The channel as now set (the secret is never returned)' })
  set(@Param('code', laCode()) code: string, @Body() dto: LaDeliveryDto, @CurrentActor() actor: Actor) {
    return this.delivery.set(code, dto, actor);
  }
}
