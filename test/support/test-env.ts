/** Settings `npm test` (infra/test.mjs) hands to every test file. */
export function testEnv() {
  const need = (name: string) => {
    const v = process.env[name];
    if (!v) throw new Error(`${name} is not set: run the tests with \`npm test\`, which starts the servers`);
    return v;
  };
  return {
    databaseUrl: need('DATABASE_URL'),
    databaseSchema: process.env.DATABASE_SCHEMA,
    temporalAddress: need('TEMPORAL_ADDRESS'),
    temporalCli: need('TEMPORAL_CLI_PATH'),
    temporalTestServer: need('TEMPORAL_TEST_SERVER_PATH'),
    workDir: need('SENDFLOW_TEST_WORK_DIR'),
  };
}

/** A unique suffix per test file, so task queues and LA references never collide across files or runs. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}
