import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AllowRoles } from '../actor/access.decorators';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { SopsRepository } from './sops.repository';

const view = (v: { id: string; sopKey: string; version: number; status: string; publishedAt: Date | null; createdAt: Date }) => ({
  id: v.id, sopKey: v.sopKey, version: v.version, status: v.status, publishedAt: v.publishedAt, createdAt: v.createdAt,
});

@ApiTags('sops')
@Controller('sops')
export class SopsController {
  constructor(private readonly sops: SopsRepository) {}

  @Get()
  @AllowRoles('sop_manager', 'coordinator', 'admin', 'auditor')
  async list() {
    return (await this.sops.list()).map(view);
  }

  @Get(':id')
  @AllowRoles('sop_manager', 'coordinator', 'admin', 'auditor')
  async get(@Param('id', new UuidParamPipe('id')) id: string) {
    const v = await this.sops.findById(id);
    if (!v) throw new NotFoundException(`SOP version ${id} not found`);
    return { ...view(v), definition: v.definition };
  }
}
