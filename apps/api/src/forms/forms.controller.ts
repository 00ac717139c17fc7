import { Body, Controller, Get, Headers, Param, Post, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { createZodDto } from '../common/zod-dto';
import type { Response } from 'express';
import { formCatalogueResponse, formDefinitionBody, formVersionDetailResponse, formVersionParams, formVersionResponse, ROLES, type Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { ApiErrors } from '../common/api-errors.decorator';
import { FormsService } from './forms.service';

export class FormVersionParams extends createZodDto(formVersionParams) {}
export class FormDefinitionDto extends createZodDto(formDefinitionBody) {}
export class FormVersionDto extends createZodDto(formVersionResponse) {}
export class FormVersionDetailDto extends createZodDto(formVersionDetailResponse) {}
export class FormCatalogueDto extends createZodDto(formCatalogueResponse) {}

const IF_MATCH = { name: 'If-Match', required: true, description: 'The `revision` the edit started from (GET returns it, also as ETag)' };

export const withEtag = <T extends { revision: number }>(res: Response, v: T): T => {
  res.setHeader('ETag', `"${v.revision}"`);
  // The ETag is the draft's revision, not the whole answer: publishing keeps it, so a cached copy would show a stale status.
  res.setHeader('Cache-Control', 'no-store');
  return v;
};

@ApiTags('form-versions')
@Controller('form-versions')
export class FormsController {
  constructor(private readonly forms: FormsService) {}

  @Get()
  @AllowRoles(...ROLES)
  @ApiOperation({ summary: 'Every form version without its definition; drafts only for SOP managers' })
  @ZodResponse({ status: 200, type: [FormVersionDto] })
  list(@CurrentActor() actor: Actor) {
    return this.forms.list(actor);
  }

  @Get('catalogue')
  @AllowRoles(...ROLES)
  @ApiOperation({ summary: "What the SOP designer validates tasks against: each form's latest published version and its outcome variants" })
  @ZodResponse({ status: 200, type: FormCatalogueDto })
  catalogue() {
    return this.forms.catalogue();
  }

  @Post()
  @AllowRoles('sop_manager')
  @ApiOperation({ summary: 'Create version 1 (a draft) of a new form; 409 if the key exists' })
  @ZodResponse({ status: 201, type: FormVersionDetailDto })
  @ApiErrors(400, 409, 413, 415)
  async create(@Body() body: FormDefinitionDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return withEtag(res, await this.forms.create(body, actor));
  }

  @Get(':id')
  @AllowRoles(...ROLES)
  @ZodResponse({ status: 200, type: FormVersionDetailDto })
  @ApiErrors(400, 404)
  async get(@Param() { id }: FormVersionParams, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return withEtag(res, await this.forms.get(id, actor));
  }

  @Put(':id')
  @AllowRoles('sop_manager')
  @ApiOperation({ summary: "Replace a draft's definition; 409 if not a draft or someone else saved since If-Match" })
  @ApiHeader(IF_MATCH)
  @ZodResponse({ status: 200, type: FormVersionDetailDto })
  @ApiErrors(400, 404, 409, 413, 415, 428)
  async update(
    @Param() { id }: FormVersionParams, @Body() body: FormDefinitionDto, @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response,
  ) {
    return withEtag(res, await this.forms.saveDraft(id, body, ifMatch, actor));
  }

  @Post(':id/drafts')
  @AllowRoles('sop_manager')
  @ApiOperation({ summary: 'New draft copied from this version (next version number); 409 naming the open draft if the form has one' })
  @ZodResponse({ status: 201, type: FormVersionDetailDto })
  @ApiErrors(400, 404, 409)
  async createDraft(@Param() { id }: FormVersionParams, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return withEtag(res, await this.forms.createDraft(id, actor));
  }

  @Post(':id/publish')
  @AllowRoles('sop_manager')
  @ApiOperation({ summary: 'Publish a draft; SOP versions published from then on pin it. Running requests keep the version they started with' })
  @ApiHeader({ ...IF_MATCH, required: false, description: 'Optional: publish only if the draft is still at this revision' })
  @ZodResponse({ status: 200, type: FormVersionDto })
  @ApiErrors(400, 404, 409)
  publish(@Param() { id }: FormVersionParams, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor) {
    return this.forms.publish(id, ifMatch, actor);
  }

  @Post(':id/retire')
  @AllowRoles('sop_manager')
  @ApiOperation({ summary: "Retire a published version; 409 for the form's last published version. SOP versions that pinned it keep it" })
  @ZodResponse({ status: 200, type: FormVersionDto })
  @ApiErrors(400, 404, 409)
  retire(@Param() { id }: FormVersionParams, @CurrentActor() actor: Actor) {
    return this.forms.retire(id, actor);
  }
}
