import { Module } from '@nestjs/common';
import { AccountsRepository } from './accounts.repository';
import { apiConfig } from '../config/api-config';
import { AuthConfig } from './auth.config';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { OidcConfig } from './oidc/oidc.config';
import { OidcController } from './oidc/oidc.controller';
import { OidcLoginsRepository } from './oidc/oidc-logins.repository';
import { OidcService } from './oidc/oidc.service';
import { SessionService } from './session.service';
import { SessionsRepository } from './sessions.repository';
import { SignInThrottleRepository } from './sign-in-throttle.repository';

/** Sign-in (password and OIDC), sessions and CSRF; exports SessionService for the global guard. */
@Module({
  controllers: [AuthController, OidcController],
  providers: [
    { provide: AuthConfig, useFactory: () => new AuthConfig(apiConfig()) },
    { provide: OidcConfig, useFactory: () => OidcConfig.from(apiConfig()) },
    AccountsRepository, SessionsRepository, SignInThrottleRepository, OidcLoginsRepository,
    SessionService, AuthService, OidcService,
  ],
  exports: [SessionService],
})
export class AuthModule {}
