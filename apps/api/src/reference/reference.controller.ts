import { Controller, Get, NotFoundException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '@sendflow/domain';
import { DEFAULT_AUDIT_CRITERIA, FORMS, ROLES, type CaseloadStage } from '@sendflow/domain';
import { humanTaskSteps, type SopDefinition } from '@sendflow/sop';
import { DEMO_USERS } from '@sendflow/persistence';
import { ZodResponse } from 'nestjs-zod';
import { AllowRoles, CurrentActor, Public } from '../actor/access.decorators';
import { ApiErrors } from '../common/api-errors.decorator';
import { CaseloadSettings } from '../requests/caseload.settings';
import { apiConfig } from '../config/api-config';
import { ActorDto, CaseloadStageDto, DemoUserDto, FormsDto, LocalAuthorityDto, ServiceDto, SettingsDto } from './reference.dto';

/** Reference data every screen needs: services, LAs, forms, roles, and who I am. */
@ApiTags('reference')
@Controller()
export class ReferenceController {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly caseload: CaseloadSettings) {}

  @Get('services')
  @AllowRoles(...ROLES)
  @ZodResponse({ status: 200, type: [ServiceDto], description: 'Every service, inactive ones included, by name' })
  services() {
    return this.ds.query(`SELECT code, name, active FROM services ORDER BY name`);
  }

  @Get('local-authorities')
  @AllowRoles(...ROLES)
  @ZodResponse({ status: 200, type: [LocalAuthorityDto] })
  localAuthorities() {
    return this.ds.query(`SELECT code, name FROM local_authorities ORDER BY name`);
  }

  @Get('forms')
  @AllowRoles(...ROLES)
  @ZodResponse({ status: 200, type: FormsDto })
  forms() {
    return { forms: Object.entries(FORMS).map(([id, f]) => ({ id, title: f.title })), auditCriteria: [...DEFAULT_AUDIT_CRITERIA] };
  }

  /** The trust's settings the screens apply themselves (the days-left colour on every page). */
  @Get('settings')
  @AllowRoles(...ROLES)
  @ZodResponse({ status: 200, type: SettingsDto })
  settings() {
    return { ragThresholds: this.caseload.rag };
  }

  /**
   * The steps a request can wait at, for the caseload's stage filter: every human-task step of the
   * published SOP versions (a trust's own SOP included), in the order a request meets them.
   */
  @Get('stages')
  @AllowRoles('coordinator', 'practitioner', 'service_lead', 'qa_reviewer', 'auditor')
  @ZodResponse({ status: 200, type: [CaseloadStageDto] })
  async stages(): Promise<CaseloadStage[]> {
    const versions: { sop_key: string; definition: SopDefinition }[] = await this.ds.query(
      `SELECT sop_key, definition FROM sop_versions WHERE status = 'published' ORDER BY sop_key = $1 DESC, published_at DESC NULLS LAST, sop_key, version DESC`,
      [apiConfig().DEFAULT_SOP_KEY],
    );
    // The default SOP's newest version first: its order and labels lead; other SOPs' own steps follow.
    const stages = new Map<string, CaseloadStage>();
    for (const v of versions) {
      for (const step of humanTaskSteps(v.definition.graph)) {
        const known = stages.get(step.path);
        if (!known) stages.set(step.path, { stage: step.path, label: step.label, sopKeys: [v.sop_key] });
        else if (!known.sopKeys.includes(v.sop_key)) known.sopKeys.push(v.sop_key);
      }
    }
    return [...stages.values()];
  }

  @Get('me')
  @AllowRoles(...ROLES)
  @ZodResponse({ status: 200, type: ActorDto })
  me(@CurrentActor() actor: Actor) {
    return actor;
  }

  /**
   * The demo accounts, so the sign-in page can offer them; exists only in a demo installation
   * (SEED_DEMO=1) and lists only the seeded demo addresses, never real users.
   */
  @Get('demo/users')
  @Public()
  @ZodResponse({ status: 200, type: [DemoUserDto] })
  @ApiErrors(404)
  async demoUsers() {
    if (!apiConfig().SEED_DEMO) throw new NotFoundException();
    return this.ds.query(
      `SELECT email, display_name AS "displayName", roles, service_codes AS "serviceCodes" FROM users WHERE active AND email = ANY($1) ORDER BY display_name`,
      [DEMO_USERS.map((u) => u.email)],
    );
  }
}
