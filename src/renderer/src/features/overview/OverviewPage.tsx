import { AccountsPanel } from '../../components/AccountsPanel';
import { LAB_RESET_KEEPS, LAB_RESET_WIPES } from '../../components/lab-reset';
import { ProgressSummary } from '../attacks/ProgressSummary';

export function OverviewPage() {
  return (
    <>
      <h1>Welcome to Auth Lab</h1>
      <p className="lead">
        A real auth server runs inside this app. Every lab talks to it with real cookies and real tokens; the traffic
        drawer below shows each request as it happens, and the lab clock above lets you fast-forward to watch things
        expire.
      </p>
      <div className="grid">
        <section className="card">
          <h2>How the lab works</h2>
          <ul>
            <li>
              <strong>Defences</strong> can be switched off one at a time. A red banner shows whenever any are off.
            </li>
            <li>
              <strong>Four origins</strong>: the app, an identity provider, a client app, and an attacker site that the
              browser treats as a different site.
            </li>
            <li>
              <strong>Reset lab</strong> wipes {LAB_RESET_WIPES}. It keeps {LAB_RESET_KEEPS}.
            </li>
          </ul>
        </section>
        <ProgressSummary linkToCatalogue />
      </div>
      <AccountsPanel />
    </>
  );
}
