import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { ZodResponse } from 'nestjs-zod';
import { createZodDto } from '../common/zod-dto';
import { healthResponse } from '@sendflow/domain';
import { Public } from '../actor/access.decorators';
import { ApiErrors } from '../common/api-errors.decorator';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { DependencyUnavailableException } from '../common/unavailable';
import { IncidentsRepository } from './incidents.repository';
import { withinBound } from '../temporal/bounded-call';

const PROBE_MS = 2_000;

/** 'up' if the probe answers within ms, else 'down' (the probe itself is left to settle). */
async function within(ms: number, probe: Promise<unknown>): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'down'>((resolve) => { timer = setTimeout(() => resolve('down'), ms); });
  try {
    return await Promise.race([probe.then(() => 'up' as const, () => 'down' as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

class HealthDto extends createZodDto(healthResponse) {}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly incidents: IncidentsRepository,
  ) {}

  /** Readiness: 200 only when both the database and Temporal answer (each probe bounded), with the count of stuck activities. */
  @Get()
  @Public()
  @ZodResponse({ status: 200, type: HealthDto })
  @ApiErrors(503)
  async check() {
    // Each probe is bounded: a health check that hangs tells an orchestrator nothing.
    const [db, temporal] = await Promise.all([
      within(PROBE_MS, this.ds.query('SELECT 1')),
      withinBound(this.temporal, PROBE_MS, 'health', () => (this.temporal.connection as Connection).healthService.check({})).then(() => 'up' as const, () => 'down' as const),
    ]);
    if (db !== 'up' || temporal !== 'up') throw new DependencyUnavailableException('not ready', 5, { database: db, temporal });
    // Ready, but an operator should look: projection writes that failed for good or keep failing.
    const stuckActivities = await this.incidents.countOpen().catch(() => null);
    return { status: 'ok' as const, database: 'up' as const, temporal: 'up' as const, stuckActivities };
  }
}
