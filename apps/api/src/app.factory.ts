import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { ZodPipe } from './common/validation';
import { hostileInputGuard, jsonErrorsAsBadRequest, verifyJsonDepth } from './common/hostile-input.middleware';
import { loadApiConfig } from './config/api-config';
import { createRootLogger, httpLogging, PinoNestLogger } from './observability/logger';
import { httpMetrics } from './observability/metrics';
import { API_PREFIX, buildOpenApiDocument } from './openapi/openapi.document';

/**
 * Builds the HTTP app exactly as production runs it; tests call this too. The environment is read
 * and checked first, before anything connects: a bad one throws a ConfigError naming every bad variable.
 */
export async function createApp(): Promise<NestExpressApplication> {
  const config = loadApiConfig();
  const logger = createRootLogger(config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, logger: new PinoNestLogger(logger) });
  // First: every request gets an id (X-Request-Id) and a log line, and its latency is measured.
  app.use(httpLogging(logger));
  app.use(httpMetrics);
  // Deep JSON is refused before it is parsed; every body, query and path then passes the hostile-input rules.
  app.useBodyParser('json', { limit: config.BODY_LIMIT, verify: verifyJsonDepth });
  // Nest would turn body-parser's SyntaxError into a 400 quoting JSON.parse (and so the body); name the field instead.
  app.use(jsonErrorsAsBadRequest);
  app.use(hostileInputGuard);
  app.use(helmet());
  // Behind a load balancer the client's address (sign-in rate limit, audit) is in X-Forwarded-For;
  // trust that header only from the proxies named here (Express's `trust proxy` syntax).
  app.set('trust proxy', config.TRUST_PROXY);
  app.enableCors({ origin: config.CORS_ORIGINS.length ? config.CORS_ORIGINS : false, credentials: true });
  app.setGlobalPrefix(API_PREFIX);
  // One validation library: every route's body, query and params are zod contracts (libs/domain/src/http).
  app.useGlobalPipes(new ZodPipe());
  app.enableShutdownHooks();
  // Swagger UI at /api/docs, the document itself at /api/docs-json (and -yaml).
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, buildOpenApiDocument(app));
  return app;
}

