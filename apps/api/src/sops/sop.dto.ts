import { createZodDto } from '../common/zod-dto';
import { idParams } from '@sendflow/domain';
import {
  sopDefinitionBody, sopDiffParams, sopDiffResponse, sopInvalidProblem, sopValidationResponse, sopVersionDetailResponse, sopVersionResponse,
  sopVersionSavedResponse,
} from '@sendflow/sop';

export class SopIdParams extends createZodDto(idParams) {}
export class SopDiffParams extends createZodDto(sopDiffParams) {}
export class SopDefinitionDto extends createZodDto(sopDefinitionBody) {}
export class SopVersionDto extends createZodDto(sopVersionResponse) {}
export class SopVersionDetailDto extends createZodDto(sopVersionDetailResponse) {}
export class SopVersionSavedDto extends createZodDto(sopVersionSavedResponse) {}
export class SopValidationDto extends createZodDto(sopValidationResponse) {}
export class SopDiffDto extends createZodDto(sopDiffResponse) {}
export class SopInvalidProblemDto extends createZodDto(sopInvalidProblem) {}
