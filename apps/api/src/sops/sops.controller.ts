import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor, Role } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { parseSopDefinitionBody } from './sop-definition.body';
import { SopsService } from './sops.service';

const READERS: Role[] = ['sop_manager', 'coordinator', 'admin', 'auditor'];
const DEFINITION_BODY = {
  description: 'A SOP definition `{ key, name, description, graph: { nodes, edges } }` (libs/sop sop.model.ts); unknown properties are refused',
  schema: { type: 'object' },
};
const IF_MATCH = { name: 'If-Match', required: true, description: 'The `revision` the edit started from (GET returns it, also as ETag)' };

const etag = (res: Response, v: { revision: string }) => {
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
  list() {
    return this.sops.list();
  }

  @Post()
  @AllowRoles('sop_manager')
  @ApiOperation({ summary: 'Create version 1 (a draft) of a new SOP key; 409 if the key exists' })
  @ApiBody(DEFINITION_BODY)
  async create(@Body() body: unknown, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return etag(res, await this.sops.create(parseSopDefinitionBody(body), actor));
  }

  @Get(':id')
  @AllowRoles(...READERS)
  async get(@Param('id', new UuidParamPipe('id')) id: string, @Res({ passthrough: true }) res: Response) {
    return etag(res, await this.sops.get(id));
  }

  @Put(':id')
  @AllowRoles('sop_manager')
  @ApiOperation({ summary: "Replace a draft's definition; saved even if the graph fails validation (issues returned); 409 if not a draft or If-Match is stale" })
  @ApiBody(DEFINITION_BODY)
  @ApiHeader(IF_MATCH)
  async update(
    @Param('id', new UuidParamPipe('id')) id: string, @Body() body: unknown, @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response,
  ) {
    return etag(res, await this.sops.update(id, parseSopDefinitionBody(body), ifMatch, actor));
  }

  @Post(':id/drafts')
  @AllowRoles('sop_manager')
  @ApiOperation({ summary: 'New draft copied from this version (next version number); 409 naming the open draft if the key has one' })
  async createDraft(@Param('id', new UuidParamPipe('id')) id: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return etag(res, await this.sops.createDraft(id, actor));
  }

  @Post(':id/validate')
  @HttpCode(200)
  @AllowRoles(...READERS)
  @ApiOperation({ summary: 'Validate the stored definition: { valid, issues }' })
  validate(@Param('id', new UuidParamPipe('id')) id: string) {
    return this.sops.validate(id);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @AllowRoles('sop_manager')
  @ApiOperation({ summary: 'Publish a draft; 422 with the issues if it fails validation; new requests of the key then run on it' })
  @ApiHeader({ ...IF_MATCH, required: false, description: 'Optional: publish only if the draft is still at this revision' })
  publish(@Param('id', new UuidParamPipe('id')) id: string, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor) {
    return this.sops.publish(id, ifMatch, actor);
  }

  @Post(':id/retire')
  @HttpCode(200)
  @AllowRoles('sop_manager')
  @ApiOperation({ summary: "Retire a published version; 409 for the key's last published version. Running requests keep their version" })
  retire(@Param('id', new UuidParamPipe('id')) id: string, @CurrentActor() actor: Actor) {
    return this.sops.retire(id, actor);
  }

  @Get(':id/diff/:otherId')
  @AllowRoles(...READERS)
  @ApiOperation({ summary: 'Structural diff from version :id to version :otherId' })
  diff(@Param('id', new UuidParamPipe('id')) id: string, @Param('otherId', new UuidParamPipe('otherId')) otherId: string) {
    return this.sops.diff(id, otherId);
  }
}
