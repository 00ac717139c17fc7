import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import type { Actor, LaDeliveryBody, LaDeliveryView } from '@sendflow/domain';
import { AuditService } from '../audit/audit.service';
import { LaDeliveryRepository, type LaDeliveryRow } from './la-delivery.repository';

const view = (r: LaDeliveryRow): LaDeliveryView => ({ code: r.code, channel: r.delivery_channel, email: r.delivery_email, webhookUrl: r.webhook_url, webhookSecretSet: r.has_secret });

/** How documents reach each LA. The webhook secret is write-only: stored, never shown or audited. */
@Injectable()
export class LaDeliveryService {
  constructor(private readonly repo: LaDeliveryRepository, private readonly audit: AuditService) {}

  async get(code: string): Promise<LaDeliveryView> {
    const row = await this.repo.find(code);
    if (!row) throw new NotFoundException(`Local authority ${code} not found`);
    return view(row);
  }

  async set(code: string, body: LaDeliveryBody, actor: Actor): Promise<LaDeliveryView> {
    return this.repo.transaction(async (m) => {
      const before = await this.repo.find(code, m, true);
      if (!before) throw new NotFoundException(`Local authority ${code} not found`);
      const settings = body.channel === 'manual' ? { channel: 'manual', email: null, webhookUrl: null, webhookSecret: null }
        : body.channel === 'smtp' ? { channel: 'smtp', email: body.email ?? null, webhookUrl: null, webhookSecret: null }
          : { channel: 'webhook', email: null, webhookUrl: body.webhookUrl ?? null, webhookSecret: body.webhookSecret };
      if (body.channel === 'webhook' && body.webhookSecret === undefined && !before.has_secret) {
        throw new BadRequestException('webhookSecret: give a secret (at least 32 characters) the first time the webhook is set');
      }
      await this.repo.update(m, code, settings);
      const after = (await this.repo.find(code, m)) as LaDeliveryRow;
      await this.audit.record(actor, { action: 'local_authority.delivery', entity: 'local_authority', entityId: code, before: view(before), after: view(after) }, m);
      return view(after);
    });
  }
}
