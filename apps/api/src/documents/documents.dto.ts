import { createZodDto } from 'nestjs-zod';
import { documentDownloadQuery, documentVersionListResponse } from '@sendflow/domain';

export class DocumentDownloadQueryDto extends createZodDto(documentDownloadQuery) {}
export class DocumentVersionListResponseDto extends createZodDto(documentVersionListResponse) {}
