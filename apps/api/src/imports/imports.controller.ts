import { Controller, HttpStatus, Post, Query, Req, Res, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiResponse, ApiTags } from '@nestjs/swagger';
import { text } from 'express';
import type { Request, Response } from 'express';
import { createZodDto } from '../common/zod-dto';
import { z } from 'zod';
import { IMPORT_COLUMNS, importQuery, importResponse, importRowError, problemSchema, type Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { ApiErrors } from '../common/api-errors.decorator';
import { apiConfig } from '../config/api-config';
import { ImportsService } from './imports.service';

export class ImportQueryDto extends createZodDto(importQuery) {}
export class ImportResponseDto extends createZodDto(importResponse) {}
/** The Problem body with every row's errors. */
export class ImportProblemDto extends createZodDto(problemSchema.extend({ errors: z.array(importRowError).optional() })) {}

/** Years of history in one file: a few MB. Read only after sign-in, CSRF and role checks have passed. */
function csvBody(readCsv: ReturnType<typeof text>, req: Request, res: Response): Promise<string> {
  // Checked on the header itself: req.is() says "no type" for an empty body, which is a 400 (empty file), not a 415.
  const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'text/csv') throw new UnsupportedMediaTypeException('Content-Type must be text/csv (UTF-8, with a header row)');
  return new Promise((resolve, reject) => readCsv(req, res, (err?: unknown) => (err ? reject(err) : resolve(typeof req.body === 'string' ? req.body : ''))));
}

@ApiTags('imports')
@Controller('imports')
export class ImportsController {
  // IMPORT_BODY_LIMIT comes from the configuration checked at start-up (the controller is built after it).
  private readonly readCsv = text({ type: () => true, limit: apiConfig().IMPORT_BODY_LIMIT, defaultCharset: 'utf-8' });

  constructor(private readonly imports: ImportsService) {}

  @Post('requests')
  @AllowRoles('admin')
  @ApiConsumes('text/csv')
  @ApiBody({ description: `UTF-8 CSV with a header row: ${IMPORT_COLUMNS.join(', ')}`, schema: { type: 'string' } })
  @ApiResponse({ status: 201, type: ImportResponseDto, description: 'Every row imported' })
  @ApiResponse({ status: 200, type: ImportResponseDto, description: 'Dry run: every row checked, nothing saved' })
  @ApiErrors({ status: 400, type: ImportProblemDto, description: 'Invalid query, or row errors ({ row, column, message }); nothing was imported' }, 409, 413, 415)
  async importRequests(@Query() q: ImportQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response, @CurrentActor() actor: Actor) {
    const csv = await csvBody(this.readCsv, req, res);
    const dryRun = q.dryRun === 'true';
    const result = await this.imports.importRequests(csv, dryRun, actor);
    res.status(dryRun ? HttpStatus.OK : HttpStatus.CREATED);
    return result;
  }
}
