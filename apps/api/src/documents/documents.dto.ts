import { createZodDto } from '../common/zod-dto';
import { documentDownloadQuery, documentVersionResponse, manualDeliveryBody, reopenAdviceBody, reopenAdviceResponse } from '@sendflow/domain';

export class DocumentDownloadQueryDto extends createZodDto(documentDownloadQuery) {}
export class DocumentVersionDto extends createZodDto(documentVersionResponse) {}
export class ManualDeliveryDto extends createZodDto(manualDeliveryBody) {}
export class ReopenAdviceDto extends createZodDto(reopenAdviceBody) {}
export class ReopenAdviceResponseDto extends createZodDto(reopenAdviceResponse) {}
