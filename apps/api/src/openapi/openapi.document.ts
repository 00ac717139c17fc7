import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { AppModule } from '../app.module';

export const API_PREFIX = 'api';

/**
 * The OpenAPI document, generated from the routes' zod contracts (libs/domain/src/http, libs/sop),
 * their @ZodResponse and @ApiErrors declarations. The running API serves it at /api/docs-json;
 * `npm run api:generate` writes it for the web client.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const doc = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('SENDflow API').setVersion('0.1.0')
    .setDescription('Health advice for EHC needs assessments: intake, tasks, SOPs. Every error answers the Problem schema.')
    .addCookieAuth('sendflow_session', { type: 'apiKey', in: 'cookie', description: 'Set by POST /api/auth/sign-in' }, 'session')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-csrf-token', description: 'csrfToken from GET /api/auth/session; required on every POST, PUT, PATCH and DELETE' }, 'csrf')
    .addSecurityRequirements({ session: [], csrf: [] })
    .build());
  return cleanupOpenApiDoc(doc);
}

/**
 * The document without a database or Temporal: Nest's preview mode builds the module graph (and
 * so every controller's metadata) without instantiating a provider, so nothing connects anywhere.
 */
export async function buildOpenApiDocumentOffline(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule, { preview: true, logger: false, abortOnError: false });
  try {
    app.setGlobalPrefix(API_PREFIX);
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
