/** The two tokens of an OpenID Connect login side by side: who each is for and how each is checked. */
export function TokenKindsExplainer() {
  return (
    <section className="card" aria-labelledby="oauth-token-kinds-title" data-lab-step="id-token">
      <h2 id="oauth-token-kinds-title">ID token vs access token</h2>
      <p className="small-text">
        One code flow with <code>scope=openid …</code> gives Your App two JWTs from Lab ID. They look alike and are
        signed with the same key, but they answer different questions and go to different places.
      </p>
      <table className="table compact small-text" data-testid="token-kinds">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">ID token</th>
            <th scope="col">Access token</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Says</th>
            <td>who signed in, when and how (OpenID Connect Core 1.0 §2)</td>
            <td>what this client may do at an API, for whom (RFC 6749 §1.4)</td>
          </tr>
          <tr>
            <th scope="row">For (aud)</th>
            <td>
              the client: its <code>client_id</code>
            </td>
            <td>the API (here the lab API), never the client</td>
          </tr>
          <tr>
            <th scope="row">Tells it apart</th>
            <td>
              <code>nonce</code>, <code>at_hash</code>, <code>auth_time</code>
            </td>
            <td>
              header <code>typ: at+jwt</code> (RFC 9068 §2.1)
            </td>
          </tr>
          <tr>
            <th scope="row">Who checks it</th>
            <td>
              Your App, once at login: signature with Lab ID’s <code>/jwks</code>, <code>iss</code>, <code>aud</code> =
              its client_id, <code>exp</code>, <code>nonce</code>; then it makes its own session
            </td>
            <td>the API, on every call: signature, iss, aud = itself, exp, typ</td>
          </tr>
          <tr>
            <th scope="row">Never</th>
            <td>sent to an API as a bearer token</td>
            <td>read by the client to learn who logged in</td>
          </tr>
        </tbody>
      </table>
      <p className="muted small-text">
        Run the code flow above and open each token in the token inspector: it says which one it holds and offers Lab
        ID’s keys, issuer and audience to verify it with.
      </p>
    </section>
  );
}
