import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { TASK_QUEUE } from '@sendflow/domain';
import { apiConfig } from '../config/api-config';
import { settleTemporalCalls } from './bounded-call';
import { dataConverterFrom, temporalConnectConfig, temporalEnvVars } from '@sendflow/platform';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
const RECONNECT_BACKOFF = { 'grpc.initial_reconnect_backoff_ms': 250, 'grpc.max_reconnect_backoff_ms': 1_000 };
export const TEMPORAL_TASK_QUEUE = Symbol('TEMPORAL_TASK_QUEUE');

/** Closes the gRPC connection when Nest shuts down, so tests and Ctrl-C leave nothing open. */
@Injectable()
class TemporalLifecycle implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}
  async onApplicationShutdown() {
    // Calls abandoned at their bound end at their gRPC deadline; let them, then close.
    await settleTemporalCalls(apiConfig().TEMPORAL_CALL_TIMEOUT_MS + 2_000);
    await this.client.connection.close();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CLIENT,
      useFactory: async () => {
        const config = apiConfig();
        const { connectionOptions, namespace } = temporalConnectConfig(temporalEnvVars(config));
        // Lazy: the API starts (and answers health checks) even while Temporal is still coming up.
        // The channel tries to reconnect at least every second while the server is away: with
        // gRPC's default backoff (1 s growing to 120 s) a server back after a minute's outage can
        // go unnoticed for tens of seconds, and intakes and completions answer 503 all that time.
        const connection = Connection.lazy({ ...connectionOptions, channelArgs: RECONNECT_BACKOFF });
        return new Client({ connection, namespace, dataConverter: dataConverterFrom(config) });
      },
    },
    { provide: TEMPORAL_TASK_QUEUE, useFactory: () => apiConfig().TEMPORAL_TASK_QUEUE ?? TASK_QUEUE },
    TemporalLifecycle,
  ],
  exports: [TEMPORAL_CLIENT, TEMPORAL_TASK_QUEUE],
})
export class TemporalModule {}
