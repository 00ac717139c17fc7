import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ROLES } from '@sendflow/domain';
import { AllowRoles, CurrentSession, Public } from '../actor/access.decorators';
import { ChangePasswordDto, SignInDto, type SessionView } from './auth.dto';
import { AuthService, SignInRefusedException } from './auth.service';
import { AuthConfig } from './auth.config';
import { OidcConfig } from './oidc/oidc.config';
import { SessionService, type ResolvedSession } from './session.service';

/** Password sign-in, the session (who am I, CSRF token), sign-out and password change. */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    private readonly oidc: OidcConfig,
    private readonly config: AuthConfig,
  ) {}

  /** Which ways of signing in this installation offers (the sign-in page shows the OIDC button only when configured). */
  @Get('options')
  @Public()
  options(): { password: boolean; oidc: boolean } {
    return { password: this.config.passwordSignIn, oidc: this.oidc.enabled };
  }

  @Post('sign-in')
  @Public()
  @HttpCode(200)
  async signIn(@Body() dto: SignInDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionView> {
    try {
      const { token, view } = await this.auth.signIn(dto, req);
      this.sessions.issueCookie(res, token);
      return view;
    } catch (e) {
      if (e instanceof SignInRefusedException) res.setHeader('Retry-After', String(e.retryAfterSeconds));
      throw e;
    }
  }

  @Get('session')
  @Public()
  async session(@Req() req: Request): Promise<SessionView> {
    return this.sessions.view(await this.sessions.resolve(req));
  }

  @Post('sign-out')
  @AllowRoles(...ROLES)
  @HttpCode(204)
  async signOut(@CurrentSession() session: ResolvedSession, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.signOut(session);
    this.sessions.clearCookie(res);
  }

  @Post('password')
  @AllowRoles(...ROLES)
  @HttpCode(200)
  async changePassword(@CurrentSession() session: ResolvedSession, @Body() dto: ChangePasswordDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    try {
      return await this.auth.changePassword(session, dto, req);
    } catch (e) {
      if (e instanceof SignInRefusedException) res.setHeader('Retry-After', String(e.retryAfterSeconds));
      throw e;
    }
  }
}
