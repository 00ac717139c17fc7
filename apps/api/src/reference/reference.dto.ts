import { createZodDto } from '../common/zod-dto';
import { actorResponse, caseloadStageResponse, demoUserResponse, formsResponse, localAuthorityResponse, serviceResponse, settingsResponse } from '@sendflow/domain';

export class ServiceDto extends createZodDto(serviceResponse) {}
export class LocalAuthorityDto extends createZodDto(localAuthorityResponse) {}
export class FormsDto extends createZodDto(formsResponse) {}
export class ActorDto extends createZodDto(actorResponse) {}
export class DemoUserDto extends createZodDto(demoUserResponse) {}
export class SettingsDto extends createZodDto(settingsResponse) {}
export class CaseloadStageDto extends createZodDto(caseloadStageResponse) {}
