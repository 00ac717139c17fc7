import { Injectable, NotFoundException } from '@nestjs/common';
import type { Actor } from '@sendflow/domain';
import { StaffRepository } from './staff.repository';

@Injectable()
export class StaffService {
  constructor(private readonly staff: StaffRepository) {}

  /**
   * The active members of a service, so a lead can choose whom to give a task to. A lead sees only
   * the services they lead; another service is a 404, like one that does not exist.
   */
  async members(code: string, actor: Actor) {
    const leads = actor.roles.includes('service_lead') && actor.services.includes(code);
    if (!leads && !actor.roles.includes('coordinator')) throw new NotFoundException(`Service ${code} not found`);
    if (!(await this.staff.serviceExists(code))) throw new NotFoundException(`Service ${code} not found`);
    return this.staff.members(code);
  }

  /** Adds `assigneeName` to task views, so every reader sees who has a task without a user lookup of their own. */
  async withAssigneeNames<T extends { assigneeId: string | null }>(tasks: T[]): Promise<(T & { assigneeName: string | null })[]> {
    const names = await this.staff.displayNames(tasks.map((t) => t.assigneeId));
    return tasks.map((t) => ({ ...t, assigneeName: t.assigneeId ? names.get(t.assigneeId) ?? null : null }));
  }
}
