import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { Actor } from '@sendflow/domain';
import type { ServiceEntity } from '@sendflow/persistence';
import { AuditService } from '../audit/audit.service';
import { AdminServicesRepository } from './admin-services.repository';
import type { CreateServiceDto, UpdateServiceDto } from './service.dto';

const view = (s: ServiceEntity) => ({ code: s.code, name: s.name, active: s.active, createdAt: new Date(s.createdAt).toISOString() });
const audited = (s: ServiceEntity) => ({ code: s.code, name: s.name, active: s.active });

/** The health services requests are allocated to. Never deleted: requests and users refer to them. */
@Injectable()
export class AdminServicesService {
  constructor(private readonly services: AdminServicesRepository, private readonly audit: AuditService) {}

  async list() {
    return (await this.services.list()).map(view);
  }

  async create(dto: CreateServiceDto, actor: Actor) {
    try {
      return await this.services.transaction(async (m) => {
        if (await this.services.findForUpdate(m, dto.code)) throw new ConflictException(`code: service ${dto.code} already exists`);
        const s = await this.services.insert(m, { code: dto.code, name: dto.name });
        await this.audit.record(actor, { action: 'service.create', entity: 'service', entityId: s.code, after: audited(s) }, m);
        return view(s);
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new ConflictException(`code: service ${dto.code} already exists`);
      throw err;
    }
  }

  async update(code: string, dto: UpdateServiceDto, actor: Actor) {
    if (dto.name === undefined && dto.active === undefined) throw new BadRequestException('body: give at least one of name, active');
    return this.services.transaction(async (m) => {
      const before = await this.services.findForUpdate(m, code);
      if (!before) throw new NotFoundException(`Service ${code} not found`);
      const after = await this.services.update(m, code, { ...(dto.name !== undefined ? { name: dto.name } : {}), ...(dto.active !== undefined ? { active: dto.active } : {}) });
      await this.audit.record(actor, { action: 'service.update', entity: 'service', entityId: code, before: audited(before), after: audited(after) }, m);
      return view(after);
    });
  }
}
