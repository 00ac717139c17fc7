import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiTags } from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import { Public } from '../../actor/access.decorators';
import { ApiErrors } from '../../common/api-errors.decorator';
import { AuthConfig } from '../auth.config';
import { readCookie } from '../session.cookie';
import { SessionService } from '../session.service';
import { OIDC_LOGIN_TTL_SECONDS } from './oidc-logins.repository';
import { OidcService, OidcSignInRefused } from './oidc.service';

const LOGIN_COOKIE = 'sendflow_oidc';

/**
 * Browser redirects, not JSON: start sends the browser to the IdP, the callback comes back from
 * it and sends the browser on to the web app (OIDC_POST_SIGN_IN_URL), with `?signInError=<code>`
 * when sign-in was refused. Both answer 404 when OIDC is not configured.
 */
@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  constructor(private readonly oidc: OidcService, private readonly sessions: SessionService, private readonly authConfig: AuthConfig) {}

  /**
   * SameSite=Lax, unlike the session cookie: the callback is a top-level navigation from the
   * IdP's site, and a Strict cookie would not come with it. It names one sign-in attempt, lives
   * ten minutes and is used once.
   */
  private loginCookie(): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.authConfig.cookieSecure, path: '/api/auth/oidc' };
  }

  @Get('start')
  @Public()
  @ApiFoundResponse({ description: "Redirects the browser to the organisation's identity provider" })
  @ApiErrors(404)
  async start(@Res() res: Response): Promise<void> {
    const { url, loginId } = await this.oidc.start();
    res.cookie(LOGIN_COOKIE, loginId, { ...this.loginCookie(), maxAge: OIDC_LOGIN_TTL_SECONDS * 1000 });
    res.redirect(302, url);
  }

  @Get('callback')
  @Public()
  @ApiFoundResponse({ description: 'Redirects the browser to the web app, signed in, or with ?signInError=<code>' })
  @ApiErrors(404)
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const loginId = readCookie(req, LOGIN_COOKIE);
    res.clearCookie(LOGIN_COOKIE, this.loginCookie());
    try {
      const { token } = await this.oidc.callback(req, loginId);
      this.sessions.issueCookie(res, token);
      res.redirect(302, this.oidc.config.postSignInUrl);
    } catch (e) {
      if (!(e instanceof OidcSignInRefused)) throw e;
      const target = this.oidc.config.postSignInUrl;
      res.redirect(302, `${target}${target.includes('?') ? '&' : '?'}signInError=${e.code}`);
    }
  }
}
