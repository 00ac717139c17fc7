import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { ZodResponse } from 'nestjs-zod';
import { createZodDto } from '../common/zod-dto';
import { healthResponse } from '@sendflow/domain';
import { Public } from '../actor/access.decorators';
import { ApiErrors } from '../common/api-errors.decorator';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { DependencyUnavailableException } from '../common/unavailable';
import { DOCUMENT_STORES, type DocumentStores } from '../request-documents/document-storage';
import { IncidentsRepository } from './incidents.repository';
import { probeTemporal, temporalKnownDown } from '../temporal/bounded-call';
import { S3DocumentStorage } from '../request-documents/s3-document-storage';

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
    @Inject(DOCUMENT_STORES) private readonly stores: DocumentStores,
  ) {}

  /**
   * Readiness: 200 only when the database and Temporal answer (each probe bounded), with the count
   * of stuck activities. The S3 document store, when one is configured, is probed too, but its
   * outage answers 200 `degraded`, not 503: only document upload and download need it, and a
   * load balancer taking every instance out of rotation would stop the caseload, drafting and
   * review as well. Monitoring alerts on `status` (and on the documents' own 503s).
   */
  @Get()
  @Public()
  @ZodResponse({ status: 200, type: HealthDto })
  @ApiErrors(503)
  async check() {
    // Each probe is bounded: a health check that hangs tells an orchestrator nothing.
    const s3 = this.stores.readers.s3;
    const [db, temporal, documentStore] = await Promise.all([
      within(PROBE_MS, this.ds.query('SELECT 1')),
      // While a recent probe found Temporal down, say so at once (a fresh probe runs behind): a
      // health check that takes its whole probe time on every call is slow exactly when watched.
      temporalKnownDown(this.temporal) ? Promise.resolve('down' as const) : probeTemporal(this.temporal).then((up) => (up ? 'up' as const : 'down' as const)),
      // S3 is read whenever a bucket is configured (documents stored before a switch), not only when it is the writer.
      s3 instanceof S3DocumentStorage ? s3.probe().then((up) => (up ? 'up' as const : 'down' as const)) : Promise.resolve(undefined),
    ]);
    if (db !== 'up' || temporal !== 'up') {
      throw new DependencyUnavailableException('not ready', 5, { database: db, temporal, ...(documentStore ? { documentStore } : {}) });
    }
    // Ready, but an operator should look: projection writes that failed for good or keep failing.
    const stuckActivities = await this.incidents.countOpen().catch(() => null);
    const status = documentStore === 'down' ? 'degraded' as const : 'ok' as const;
    return { status, database: 'up' as const, temporal: 'up' as const, ...(documentStore ? { documentStore } : {}), stuckActivities };
  }
}
