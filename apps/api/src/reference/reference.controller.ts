import { Controller, Get, NotFoundException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '@sendflow/domain';
import { DEFAULT_AUDIT_CRITERIA, FORMS, ROLES } from '@sendflow/domain';
import { AllowRoles, CurrentActor, Public } from '../actor/access.decorators';

/** Reference data every screen needs: services, LAs, forms, roles, and who I am. */
@ApiTags('reference')
@Controller()
export class ReferenceController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Get('services')
  @AllowRoles(...ROLES)
  services() {
    return this.ds.query(`SELECT code, name, active FROM services ORDER BY name`);
  }

  @Get('local-authorities')
  @AllowRoles(...ROLES)
  localAuthorities() {
    return this.ds.query(`SELECT code, name FROM local_authorities ORDER BY name`);
  }

  @Get('forms')
  @AllowRoles(...ROLES)
  forms() {
    return { forms: Object.entries(FORMS).map(([id, f]) => ({ id, title: f.title })), auditCriteria: DEFAULT_AUDIT_CRITERIA };
  }

  @Get('me')
  @AllowRoles(...ROLES)
  me(@CurrentActor() actor: Actor) {
    return actor;
  }

  /** The demo sign-in picker's list; exists only in demo mode. */
  @Get('demo/users')
  @Public()
  async demoUsers() {
    if (process.env.AUTH_MODE !== 'demo') throw new NotFoundException();
    return this.ds.query(`SELECT email, display_name AS "displayName", roles, service_codes AS "serviceCodes" FROM users WHERE active ORDER BY display_name`);
  }
}
