import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { healthResponse } from '@sendflow/domain';
import { Public } from '../actor/access.decorators';
import { ApiErrors } from '../common/api-errors.decorator';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';

class HealthDto extends createZodDto(healthResponse) {}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly ds: DataSource, @Inject(TEMPORAL_CLIENT) private readonly temporal: Client) {}

  /** Readiness: 200 only when both the database and Temporal answer. */
  @Get()
  @Public()
  @ZodResponse({ status: 200, type: HealthDto })
  @ApiErrors(503)
  async check() {
    const [db, temporal] = await Promise.all([
      this.ds.query('SELECT 1').then(() => 'up', () => 'down'),
      (this.temporal.connection as Connection).healthService.check({}).then(() => 'up', () => 'down'),
    ]);
    if (db !== 'up' || temporal !== 'up') throw new ServiceUnavailableException({ message: 'not ready', database: db, temporal });
    return { status: 'ok' as const, database: 'up' as const, temporal: 'up' as const };
  }
}
