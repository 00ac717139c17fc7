import { createZodDto } from 'nestjs-zod';
import { documentDownloadQuery, documentVersionListResponse, documentVersionResponse, manualDeliveryBody } from '@sendflow/domain';

export class DocumentDownloadQueryDto extends createZodDto(documentDownloadQuery) {}
export class DocumentVersionListResponseDto extends createZodDto(documentVersionListResponse) {}
export class ManualDeliveryDto extends createZodDto(manualDeliveryBody) {}
export class DocumentVersionResponseDto extends createZodDto(documentVersionResponse) {}
