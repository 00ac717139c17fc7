import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { Request, Response } from 'express';
import { ROLES } from '@sendflow/domain';
import { AllowRoles, CurrentSession, Public } from '../actor/access.decorators';
import { ApiErrors } from '../common/api-errors.decorator';
import { ChangePasswordDto, ChangePasswordResultDto, SessionDto, SignInDto, SignInOptionsDto } from './auth.dto';
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
  @ZodResponse({ status: 200, type: SignInOptionsDto })
  options() {
    return { password: this.config.passwordSignIn, oidc: this.oidc.enabled };
  }

  @Post('sign-in')
  @Public()
  @ZodResponse({ status: 200, type: SessionDto, description: 'Signed in: the session cookie is set' })
  @ApiErrors(400, 401, 403, 413, 415, 423, 429)
  async signIn(@Body() dto: SignInDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
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
  @ZodResponse({ status: 200, type: SessionDto })
  @ApiErrors(401)
  async session(@Req() req: Request) {
    return this.sessions.view(await this.sessions.resolve(req));
  }

  @Post('sign-out')
  @AllowRoles(...ROLES)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Signed out: the session has ended and its cookie is cleared' })
  async signOut(@CurrentSession() session: ResolvedSession, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.signOut(session);
    this.sessions.clearCookie(res);
  }

  @Post('password')
  @AllowRoles(...ROLES)
  @ZodResponse({ status: 200, type: ChangePasswordResultDto, description: 'Changed; sessions on other devices are signed out' })
  @ApiErrors(400, 409, 413, 415, 423)
  async changePassword(@CurrentSession() session: ResolvedSession, @Body() dto: ChangePasswordDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    try {
      return await this.auth.changePassword(session, dto, req);
    } catch (e) {
      if (e instanceof SignInRefusedException) res.setHeader('Retry-After', String(e.retryAfterSeconds));
      throw e;
    }
  }
}
