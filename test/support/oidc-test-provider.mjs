// A real OpenID Provider for tests (panva's oidc-provider, a certified OP), run as its own Node
// process because it is ESM-only and Jest's module system is CommonJS. Settings come in
// OP_CONFIG (JSON); it prints OP_READY once listening and exits when its stdin closes.
import process from 'node:process';
import Provider from 'oidc-provider';

const { port, clientId, clientSecret, redirectUri, accounts } = JSON.parse(process.env.OP_CONFIG);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri],
    grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post',
  }],
  pkce: { required: () => true },
  // Entra ID puts `groups` in the ID token; ask the same of this OP.
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username', 'groups'] },
  conformIdTokenClaims: false,
  cookies: { keys: ['sendflow-test-op-only'] },
  features: { devInteractions: { enabled: true } },
  // The dev login form takes any login: it names the account; accounts unknown here have only a sub.
  async findAccount(_ctx, id) {
    return { accountId: id, async claims() { return { sub: id, ...(accounts[id] ?? {}) }; } };
  },
});
provider.on('server_error', (_ctx, err) => process.stderr.write(`OP server_error: ${err.message}\n`));

const server = provider.listen(port, '127.0.0.1', () => process.stdout.write(`OP_READY ${issuer}\n`));
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();
