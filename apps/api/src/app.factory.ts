import 'reflect-metadata';
import { BadRequestException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { createValidationPipe, ZodPipe } from './common/validation';
import { API_PREFIX, buildOpenApiDocument } from './openapi/openapi.document';

/** Builds the HTTP app exactly as production runs it; tests call this too. */
export async function createApp(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    logger: process.env.LOG_LEVEL === 'debug' ? ['error', 'warn', 'log', 'debug'] : ['error', 'warn'],
  });
  app.useBodyParser('json', { limit: process.env.BODY_LIMIT || '256kb' });
  // Nest would turn body-parser's SyntaxError into a 400 quoting JSON.parse (and so the body); name the field instead.
  app.use((err: { type?: string } | undefined, _req: unknown, _res: unknown, next: (e?: unknown) => void) =>
    next(err?.type === 'entity.parse.failed' ? new BadRequestException('body: not valid JSON') : err));
  app.use(helmet());
  // Behind a load balancer the client's address (sign-in rate limit, audit) is in X-Forwarded-For;
  // trust that header only from the proxies named here (Express's `trust proxy` syntax).
  app.set('trust proxy', trustProxy(process.env.TRUST_PROXY));
  const origins = (process.env.CORS_ORIGINS || '').split(',').map((s) => s.trim()).filter(Boolean);
  app.enableCors({ origin: origins.length ? origins : false, credentials: true });
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(new ZodPipe(), createValidationPipe());
  app.enableShutdownHooks();
  // Swagger UI at /api/docs, the document itself at /api/docs-json (and -yaml).
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, buildOpenApiDocument(app));
  return app;
}

function trustProxy(value: string | undefined): boolean | number | string {
  const v = value?.trim();
  if (!v || v === 'false') return false;
  if (v === 'true') return true;
  return /^\d+$/.test(v) ? Number(v) : v;
}
