import { loadClientConnectConfig, type ClientConnectConfig } from '@temporalio/envconfig';

/**
 * Temporal connection settings (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY,
 * TEMPORAL_TLS_*), turned into connection options by Temporal's own envconfig so Temporal Cloud
 * and self-hosted clusters need no code change. Defaults to the local dev server. The API and
 * worker pass their checked settings (temporalEnvVars); CLIs may pass process.env.
 */
export function temporalConnectConfig(env: NodeJS.ProcessEnv | Record<string, string> = process.env): Required<Pick<ClientConnectConfig, 'namespace'>> & ClientConnectConfig {
  const config = loadClientConnectConfig({ disableFile: !env.TEMPORAL_CONFIG_FILE, overrideEnvVars: env as Record<string, string> });
  return {
    connectionOptions: { ...config.connectionOptions, address: config.connectionOptions.address ?? '127.0.0.1:7233' },
    namespace: config.namespace ?? 'default',
  };
}

export function taskQueueFromEnv(env: NodeJS.ProcessEnv = process.env, fallback: string): string {
  return env.TEMPORAL_TASK_QUEUE || fallback;
}
