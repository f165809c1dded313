import { isOperatorKey } from "@purpleflea/protocol";
import { type FormEvent, useState } from "react";
import { clientFor } from "./session.tsx";
import { describeError, Field } from "./ui.tsx";

/** Paste an agent key (pf_live_…) or the operator key (pf_op_…); it is checked against the server first. */
export function SignIn({ accept }: { accept: (key: string) => void }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = key.trim();
    setChecking(true);
    setError(null);
    try {
      const client = clientFor(trimmed);
      if (isOperatorKey(trimmed)) await client.operator.health();
      else await client.wallet.balance();
      accept(trimmed);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setChecking(false);
    }
  };
  return (
    <main className="sign-in">
      <form onSubmit={submit} className="panel" aria-label="Sign in">
        <h1>
          <span className="logo" aria-hidden="true" /> Purple Flea console
        </h1>
        <p className="muted">
          Paste an agent's API key (<code>pf_live_…</code>) to see and steer that agent, or the operator key (<code>pf_op_…</code>
          , from <code>npx purpleflea operator create-key</code>) to run the platform. The key stays in this tab only.
        </p>
        <Field label="API key">
          <input
            name="api-key"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={key}
            onChange={(event) => setKey(event.target.value)}
            placeholder="pf_live_… or pf_op_…"
            required
          />
        </Field>
        {error ? (
          <p className="note error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={checking || key.trim() === ""}>
          {checking ? "Checking…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
