import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { AllowOpsToken, AllowRoles } from '../actor/access.decorators';
import { IncidentsRepository } from '../health/incidents.repository';
import { registry, stuckActivities } from '../observability/metrics';

/**
 * Prometheus metrics: for a scraper with METRICS_TOKEN or a signed-in admin. Not public: counts
 * and latencies carry no personal data, but they describe the service's workload.
 */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly incidents: IncidentsRepository) {}

  @Get()
  @AllowRoles('admin')
  @AllowOpsToken()
  @ApiExcludeEndpoint()
  @Header('Content-Type', registry.contentType)
  @Header('Cache-Control', 'no-store')
  async metrics(): Promise<string> {
    const open = await this.incidents.countOpen().catch(() => null);
    if (open) {
      stuckActivities.set({ kind: 'non_retryable' }, open.nonRetryable);
      stuckActivities.set({ kind: 'retrying' }, open.retrying);
    }
    return registry.metrics();
  }
}
