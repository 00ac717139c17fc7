import { Controller, Get, NotFoundException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '@sendflow/domain';
import { DEFAULT_AUDIT_CRITERIA, FORMS, ROLES } from '@sendflow/domain';
import { DEMO_USERS } from '@sendflow/persistence';
import { ZodResponse } from 'nestjs-zod';
import { AllowRoles, CurrentActor, Public } from '../actor/access.decorators';
import { ApiErrors } from '../common/api-errors.decorator';
import { ActorDto, DemoUserDto, FormsDto, LocalAuthorityDto, ServiceDto } from './reference.dto';

/** Reference data every screen needs: services, LAs, forms, roles, and who I am. */
@ApiTags('reference')
@Controller()
export class ReferenceController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

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
    if (process.env.SEED_DEMO !== '1') throw new NotFoundException();
    return this.ds.query(
      `SELECT email, display_name AS "displayName", roles, service_codes AS "serviceCodes" FROM users WHERE active AND email = ANY($1) ORDER BY display_name`,
      [DEMO_USERS.map((u) => u.email)],
    );
  }
}
