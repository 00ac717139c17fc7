import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { Actor } from '@sendflow/domain';
import type { LocalAuthorityEntity } from '@sendflow/persistence';
import { AuditService } from '../audit/audit.service';
import { AdminLocalAuthoritiesRepository } from './admin-local-authorities.repository';
import type { CreateLocalAuthorityDto, UpdateLocalAuthorityDto } from './local-authority.dto';

const view = (la: LocalAuthorityEntity) => ({ code: la.code, name: la.name, returnAddress: la.returnAddress, createdAt: new Date(la.createdAt).toISOString() });
const audited = (la: LocalAuthorityEntity) => ({ code: la.code, name: la.name, returnAddress: la.returnAddress });

/** The LAs this trust takes requests from. Never deleted: each request's business key names one. */
@Injectable()
export class AdminLocalAuthoritiesService {
  constructor(private readonly las: AdminLocalAuthoritiesRepository, private readonly audit: AuditService) {}

  async list() {
    return (await this.las.list()).map(view);
  }

  async create(dto: CreateLocalAuthorityDto, actor: Actor) {
    try {
      return await this.las.transaction(async (m) => {
        if (await this.las.findForUpdate(m, dto.code)) throw new ConflictException(`code: local authority ${dto.code} already exists`);
        const la = await this.las.insert(m, { code: dto.code, name: dto.name, returnAddress: dto.returnAddress ?? null });
        await this.audit.record(actor, { action: 'local_authority.create', entity: 'local_authority', entityId: la.code, after: audited(la) }, m);
        return view(la);
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new ConflictException(`code: local authority ${dto.code} already exists`);
      throw err;
    }
  }

  async update(code: string, dto: UpdateLocalAuthorityDto, actor: Actor) {
    if (dto.name === undefined && dto.returnAddress === undefined) throw new BadRequestException('body: give at least one of name, returnAddress');
    return this.las.transaction(async (m) => {
      const before = await this.las.findForUpdate(m, code);
      if (!before) throw new NotFoundException(`Local authority ${code} not found`);
      const after = await this.las.update(m, code, {
        ...(dto.name !== undefined ? { name: dto.name } : {}),
        ...(dto.returnAddress !== undefined ? { returnAddress: dto.returnAddress } : {}),
      });
      await this.audit.record(actor, { action: 'local_authority.update', entity: 'local_authority', entityId: code, before: audited(before), after: audited(after) }, m);
      return view(after);
    });
  }
}
