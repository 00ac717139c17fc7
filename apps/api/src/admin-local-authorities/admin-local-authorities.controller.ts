import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { CodeParamPipe } from '../common/code-param.pipe';
import { AdminLocalAuthoritiesService } from './admin-local-authorities.service';
import { CreateLocalAuthorityDto, UpdateLocalAuthorityDto } from './local-authority.dto';

/** New LAs need a GSS code; the path accepts any LA code so rows from before that rule stay editable. */
const laCode = () => new CodeParamPipe('code', 'a local authority code such as E06000023', /^[A-Z][0-9A-Z]{2,15}$/);

@ApiTags('admin')
@Controller('admin/local-authorities')
@AllowRoles('admin')
export class AdminLocalAuthoritiesController {
  constructor(private readonly las: AdminLocalAuthoritiesService) {}

  @Get()
  list() {
    return this.las.list();
  }

  @Post()
  create(@Body() dto: CreateLocalAuthorityDto, @CurrentActor() actor: Actor) {
    return this.las.create(dto, actor);
  }

  @Patch(':code')
  update(@Param('code', laCode()) code: string, @Body() dto: UpdateLocalAuthorityDto, @CurrentActor() actor: Actor) {
    return this.las.update(code, dto, actor);
  }
}
