import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import type { Actor, ImportResponse } from '@sendflow/domain';
import { uuidV5 } from '../common/uuid-v5.util';
import { apiConfig } from '../config/api-config';
import { parseImportFile } from './import-rows.parser';
import { ImportsRepository } from './imports.repository';

@Injectable()
export class ImportsService {
  constructor(private readonly repo: ImportsRepository) {}

  /**
   * Every row is checked before anything is written; one bad row and nothing is saved. A dry run
   * answers the same checks and saves nothing. Request ids are the intake's (UUID v5 of the
   * business key), so a later intake of the same LA reference finds the imported request.
   */
  async importRequests(csv: string, dryRun: boolean, actor: Actor): Promise<ImportResponse> {
    const [localAuthorities, services] = await Promise.all([this.repo.localAuthorityCodes(), this.repo.serviceCodes()]);
    const parsed = parseImportFile(csv, { localAuthorities, services, policy: apiConfig().RECEIPT_CUTOFF, actorId: actor.userId, now: new Date() });
    const existing = await this.repo.existingWorkflowIds(parsed.rows.map((r) => r.workflowId));
    const errors = [...parsed.errors];
    for (const r of parsed.rows) {
      if (existing.has(r.workflowId)) errors.push({ row: r.row, column: 'la_reference', message: `${r.laCode} ${r.laReference} is already recorded (imported before, or taken through intake)` });
    }
    errors.sort((a, b) => a.row - b.row);
    if (dryRun) return { dryRun: true, rows: parsed.count, imported: 0, batchId: null, errors };
    if (errors.length) {
      const rowsWithErrors = new Set(errors.map((e) => e.row)).size;
      throw new BadRequestException({ message: `${rowsWithErrors} row${rowsWithErrors > 1 ? 's have' : ' has'} errors; nothing was imported`, errors });
    }
    const batchId = randomUUID();
    try {
      await this.repo.transaction((m) => this.repo.insertRequests(m, parsed.rows.map((r) => ({ ...r, id: uuidV5(r.workflowId) })), batchId, actor.userId));
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw new ConflictException('A request in this file was recorded while it was being imported; nothing was imported. Run it again to see which.');
      }
      throw err;
    }
    return { dryRun: false, rows: parsed.count, imported: parsed.rows.length, batchId, errors: [] };
  }
}
