import { Body, Controller, Get, Headers, Param, Post, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { Response } from 'express';
import type { Actor, Role } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { ApiErrors } from '../common/api-errors.decorator';
import {
  SopDefinitionDto, SopDiffDto, SopDiffParams, SopIdParams, SopInvalidProblemDto, SopValidationDto, SopVersionDetailDto, SopVersionDto, SopVersionSavedDto,
} from './sop.dto';
import { SopsService } from './sops.service';

const READERS: Role[] = ['sop_manager', 'coordinator', 'admin', 'auditor'];
const IF_MATCH = { name: 'If-Match', required: true, description: 'The `revision` the edit started from (GET returns it, also as ETag)' };

const etag = <T extends { revision: string }>(res: Response, v: T): T => {
  res.setHeader('ETag', `"${v.revision}"`);
  // The ETag is the definition's revision (what If-Match compares), not the whole answer: publishing
  // or retiring keeps it, so a browser revalidating a cached copy would get a 304 and a stale status.
  res.setHeader('Cache-Control', 'no-store');
  return v;
};

@ApiTags('sops')
@Controller('sops')
export class SopsController {
  constructor(private readonly sops: SopsService) {}

  @Get()
  @AllowRoles(...READERS)
  @ZodResponse({ status: 200, type: [SopVersionDto] })
  list() {
    return this.sops.list();
  }

  @Post()
  @AllowRoles('sop_manager')
  @ApiOperation({ summary: 'Create version 1 (a draft) of a new SOP key; 409 if the key exists' })
  @ZodResponse({ status: 201, type: SopVersionSavedDto })
  @ApiErrors(400, 409, 413, 415)
  async create(@Body() body: SopDefinitionDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return etag(res, await this.sops.create(body, actor));
  }

  @Get(':id')
  @AllowRoles(...READERS)
  @ZodResponse({ status: 200, type: SopVersionDetailDto })
  @ApiErrors(400, 404)
  async get(@Param() { id }: SopIdParams, @Res({ passthrough: true }) res: Response) {
    return etag(res, await this.sops.get(id));
  }

  @Put(':id')
  @AllowRoles('sop_manager')
  @ApiOperation({ summary: "Replace a draft's definition; saved even if the graph fails validation (issues returned); 409 if not a draft or If-Match is stale" })
  @ApiHeader(IF_MATCH)
  @ZodResponse({ status: 200, type: SopVersionSavedDto })
  @ApiErrors(400, 404, 409, 413, 415, 428)
  async update(
    @Param() { id }: SopIdParams, @Body() body: SopDefinitionDto, @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response,
  ) {
    return etag(res, await this.sops.update(id, body, ifMatch, actor));
  }

  @Post(':id/drafts')
  @AllowRoles('sop_manager')
  @ApiOperation({ summary: 'New draft copied from this version (next version number); 409 naming the open draft if the key has one' })
  @ZodResponse({ status: 201, type: SopVersionSavedDto })
  @ApiErrors(400, 404, 409)
  async createDraft(@Param() { id }: SopIdParams, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return etag(res, await this.sops.createDraft(id, actor));
  }

  @Post(':id/validate')
  @AllowRoles(...READERS)
  @ApiOperation({ summary: 'Validate the stored definition: { valid, issues }' })
  @ZodResponse({ status: 200, type: SopValidationDto })
  @ApiErrors(400, 404)
  validate(@Param() { id }: SopIdParams) {
    return this.sops.validate(id);
  }

  @Post(':id/publish')
  @AllowRoles('sop_manager')
  @ApiOperation({ summary: 'Publish a draft; 422 with the issues if it fails validation; new requests of the key then run on it' })
  @ApiHeader({ ...IF_MATCH, required: false, description: 'Optional: publish only if the draft is still at this revision' })
  @ZodResponse({ status: 200, type: SopVersionDto })
  @ApiErrors(400, 404, 409, { status: 422, type: SopInvalidProblemDto, description: 'The draft fails validation: `issues` lists why' })
  publish(@Param() { id }: SopIdParams, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor) {
    return this.sops.publish(id, ifMatch, actor);
  }

  @Post(':id/retire')
  @AllowRoles('sop_manager')
  @ApiOperation({ summary: "Retire a published version; 409 for the key's last published version. Running requests keep their version" })
  @ZodResponse({ status: 200, type: SopVersionDto })
  @ApiErrors(400, 404, 409)
  retire(@Param() { id }: SopIdParams, @CurrentActor() actor: Actor) {
    return this.sops.retire(id, actor);
  }

  @Get(':id/diff/:otherId')
  @AllowRoles(...READERS)
  @ApiOperation({ summary: 'Structural diff from version :id to version :otherId' })
  @ZodResponse({ status: 200, type: SopDiffDto })
  @ApiErrors(400, 404)
  diff(@Param() { id, otherId }: SopDiffParams) {
    return this.sops.diff(id, otherId);
  }
}
