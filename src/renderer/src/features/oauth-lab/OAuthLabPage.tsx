import { useEffect } from 'react';
import { useStore } from '../../store';
import { AttackCard } from '../../components/AttackCard';
import { OAUTH_ATTACKER_PAGES, OAUTH_ATTACKS } from './attack-catalogue';
import { FlowViewer } from './FlowViewer';
import { GrantCards } from './GrantCards';
import { TokenKindsExplainer } from './TokenKindsExplainer';
import './oauth-lab.css';

/** OAuth 2.0 and OpenID Connect: Lab ID (the server), Your App (a client), real runs and the attacks. */
export function OAuthLabPage() {
  const clients = useStore((s) => s.oauthClients);
  const error = useStore((s) => s.oauthError);
  const load = useStore((s) => s.loadOAuthClients);
  const origins = useStore((s) => s.meta?.origins);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <>
      <h1>OAuth lab</h1>
      <p className="lead">
        <strong>Lab ID</strong> is a real OAuth 2.0 authorization server and OpenID provider; <strong>Your App</strong>{' '}
        is a web app that logs in with it. Run the flows, read every parameter, then switch defences off and attack.
      </p>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <section className="card" aria-labelledby="oauth-try-title">
        <h2 id="oauth-try-title">Try it in the browser</h2>
        <p>
          Open{' '}
          <a href={origins?.client} target="_blank" rel="noreferrer">
            Your App
          </a>{' '}
          and choose “Log in with Lab ID”. Sign in with a demo account (Accounts page). Lab ID’s metadata:{' '}
          {clients && (
            <a href={clients.discovery} target="_blank" rel="noreferrer">
              <code>{clients.discovery}</code>
            </a>
          )}
        </p>
        {clients && (
          <table className="table compact small-text" data-testid="oauth-clients">
            <thead>
              <tr>
                <th scope="col">Client</th>
                <th scope="col">client_id</th>
                <th scope="col">Secret</th>
                <th scope="col">Grants / redirect URIs</th>
              </tr>
            </thead>
            <tbody>
              {clients.clients.map((client) => (
                <tr key={client.clientId}>
                  <td>
                    <strong>{client.name}</strong>
                    <div className="muted">{client.about}</div>
                  </td>
                  <td>
                    <code>{client.clientId}</code>
                  </td>
                  <td>
                    {client.clientSecret ? <code className="wrap">{client.clientSecret}</code> : <em>public: none</em>}
                  </td>
                  <td>
                    {client.grantTypes.join(', ')}
                    <div className="muted">{client.redirectUris.join(' ') || '—'}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <FlowViewer />
      <TokenKindsExplainer />
      <h2>Grants</h2>
      <GrantCards />
      <h2>Attacks</h2>
      <p className="muted">
        Each attack runs for real against Lab ID and Your App from the lab server, playing both the victim’s browser and
        the attacker. Flip its switch to vulnerable and run it again to compare.
      </p>
      <ul className="toggle-list attack-list">
        {OAUTH_ATTACKS.map((attack) => (
          <AttackCard key={attack.id} attack={attack} view={{}} />
        ))}
      </ul>
      <section className="card" aria-labelledby="oauth-victim-title">
        <h3 id="oauth-victim-title">Be the victim yourself</h3>
        <p className="small-text">
          These attacker pages live on another site (the attacker origin) and make your own browser do the cross-site
          part. Set the switch above, then open one:
        </p>
        <ul className="small-text">
          {OAUTH_ATTACKER_PAGES.map((p) => (
            <li key={p.path}>
              <a href={`${origins?.attacker ?? ''}${p.path}`} target="_blank" rel="noreferrer">
                {p.label}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
