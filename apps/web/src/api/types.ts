/**
 * Names for the API's answers as screens use them. Every one is the generated type
 * (schema.gen.ts, from the API's zod contracts through `npm run api:generate`): nothing here
 * restates a shape, so a contract change reaches the screens through the compiler.
 */
import type { Schemas } from './client';

export type DemoUser = Schemas['DemoUserDto_Output'];
export type SessionInfo = Schemas['SessionDto_Output'];
export type SessionUser = SessionInfo['user'];
export type SignInOptions = Schemas['SignInOptionsDto_Output'];
/** The reference list (code and name); the admin list adds the return address. */
export type LocalAuthority = Schemas['LocalAuthorityDto_Output'] & Partial<Pick<Schemas['AdminLocalAuthorityDto_Output'], 'returnAddress'>>;
export type Service = Schemas['ServiceDto_Output'];
export type Settings = Schemas['SettingsDto_Output'];
export type CaseloadStage = Schemas['CaseloadStageDto_Output'];
export type Task = Schemas['TaskViewDto'];
/** A task as lists carry it (no form data, explanation or documents): what list rows and assignment controls read. */
export type TaskListItem = Schemas['TaskListDto']['items'][number];
export type TaskPage = Schemas['TaskListDto'];
export type Outcome = Task['outcomes'][number];

export type Caseload = Schemas['CaseloadResponseDto'];
export type CaseloadItem = Caseload['items'][number];
export type RequestDocument = Schemas['RequestDocumentDto'];
export type IntakeConflict = Schemas['IntakeConflictProblemDto'];
/** What intake (201 new, 200 the same child again) and a reg 8(2) exception answer. */
export type RequestRecord = Schemas['RequestRecordDto_Output'];
export type CreatedRequest = RequestRecord;
export type RecordedDeadlineException = RequestRecord['deadlineExceptions'][number];
export type ExplanationStep = RequestRecord['deadlineExplanation'][number];
export type RequestDetail = Schemas['RequestDetailDto'];
export type RequestDetailTask = RequestDetail['tasks'][number];
export type LiveState = Schemas['LiveStateDto_Output'];

export type FormsInfo = Schemas['FormsDto_Output'];
export type StaffMember = Schemas['StaffMemberDto_Output'];
export type AdminUser = Schemas['UserDto_Output'];
export type AuditEntry = Schemas['AuditEntry_Output'];
export type AuditPage = Schemas['AuditPageDto_Output'];
