// The OpenID provider the tests sign in through: the certified `oidc-provider`
// package (pinned in infra/oidc.sh) with a small account store and sign-in
// page of its own, as an organisation's identity provider would have. Clients
// register themselves (RFC 7591), one per test hub, since each hub has its
// own redirect URI. Loopback only.
//
//   node provider.mjs ISSUER ACCOUNTS_JSON
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { generateKeyPair, exportJWK } from 'jose';
import Provider from 'oidc-provider';

const [issuer, accountsFile] = process.argv.slice(2);
if (!issuer || !accountsFile) {
  console.error('usage: node provider.mjs ISSUER ACCOUNTS_JSON');
  process.exit(2);
}
const accounts = JSON.parse(readFileSync(accountsFile, 'utf8'));
const bySub = new Map(accounts.map((a) => [a.sub, a]));

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signing = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'test-1' };

const provider = new Provider(issuer, {
  jwks: { keys: [signing] },
  cookies: { keys: ['plenary-test-provider-cookies'] },
  features: {
    devInteractions: { enabled: false },
    registration: { enabled: true },
  },
  scopes: ['openid', 'email', 'profile', 'groups', 'delegation'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    groups: ['groups'],
    delegation: ['delegation'],
  },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const account = bySub.get(sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        const { password, ...claims } = account;
        return claims;
      },
    };
  },
  // The hub is the organisation's own application: no consent screen.
  async loadExistingGrant(ctx) {
    const { Grant } = ctx.oidc.provider;
    const id = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    const found = id && await Grant.find(id);
    if (found) return found;
    const grant = new Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
    await grant.save();
    return grant;
  },
});

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function signInPage(uid, email, error) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Organisation sign-in</title></head>
<body><main><h1>Organisation sign-in</h1>
${error ? `<p role="alert" id="error">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<p><label for="login">Email</label> <input id="login" name="login" type="email" value="${escape(email)}" required></p>
<p><label for="password">Password</label> <input id="password" name="password" type="password" required></p>
<p><button type="submit" id="submit">Sign in</button></p>
</form></main></body></html>`;
}

async function formBody(req) {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 10_000) throw new Error('form too large');
  }
  return new URLSearchParams(text);
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid || details.prompt.name !== 'login') {
    res.writeHead(400, { 'content-type': 'text/plain' }).end(`unexpected prompt ${details.prompt.name}`);
    return;
  }
  if (req.method === 'GET' && !action) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(signInPage(uid, '', ''));
    return;
  }
  if (req.method !== 'POST' || action !== '/login') {
    res.writeHead(405).end();
    return;
  }
  const form = await formBody(req);
  const email = (form.get('login') || '').trim().toLowerCase();
  const account = accounts.find((a) => a.email.toLowerCase() === email);
  if (!account || account.password !== form.get('password')) {
    res.writeHead(401, { 'content-type': 'text/html; charset=utf-8' })
      .end(signInPage(uid, email, 'Wrong email or password.'));
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
}

const handle = provider.callback();
createServer((req, res) => {
  const m = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(new URL(req.url, issuer).pathname);
  if (!m) return handle(req, res);
  interaction(req, res, m[1], m[2]).catch((e) => {
    if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
    res.end(String(e && e.message || e));
  });
}).listen(Number(new URL(issuer).port), '127.0.0.1', () => {
  console.log(`provider: ${issuer}`);
});
