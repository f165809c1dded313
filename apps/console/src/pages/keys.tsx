import { SCOPES, type Scope } from "@purpleflea/protocol";
import type { PurpleFlea } from "@purpleflea/sdk";
import { type FormEvent, useState } from "react";
import { formatDecimal } from "../format.ts";
import { useAction, useApi } from "../hooks.ts";
import { type Column, ErrorNote, Field, Notice, PageTitle, Panel, Status, Table, Time } from "../ui.tsx";

type Key = Awaited<ReturnType<PurpleFlea["keys"]["list"]>>["keys"][number];
type CreateInput = NonNullable<Parameters<PurpleFlea["keys"]["create"]>[0]>;
type PolicyView = NonNullable<Key["policy"]>;

/** A key's limits in one line, amounts through the one formatter. */
function describePolicy(policy: PolicyView | null): string {
  if (!policy) return "no limits";
  const parts: string[] = [];
  if (policy.max_per_transaction_str) parts.push(`≤ ${formatDecimal(policy.max_per_transaction_str)} per transaction`);
  if (policy.max_per_day_str) parts.push(`≤ ${formatDecimal(policy.max_per_day_str)} per day`);
  if (policy.approval_threshold_str) parts.push(`approval above ${formatDecimal(policy.approval_threshold_str)}`);
  if (policy.max_share_of_balance_bps) parts.push(`≤ ${policy.max_share_of_balance_bps / 100} % of balance`);
  if (policy.require_approved_proposal) parts.push("approved proposals only");
  return parts.length ? parts.join(", ") : "no limits";
}

function CreateKey() {
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>(["read"]);
  const [perTx, setPerTx] = useState("");
  const [perDay, setPerDay] = useState("");
  const [threshold, setThreshold] = useState("");
  const create = useAction((pf, input: CreateInput) => pf.keys.create(input));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const policy = {
      ...(perTx ? { max_per_transaction: perTx } : {}),
      ...(perDay ? { max_per_day: perDay } : {}),
      ...(threshold ? { approval_threshold: threshold } : {}),
    };
    create.mutate({ name, scopes, ...(Object.keys(policy).length ? { policy } : {}) });
  };
  const toggle = (scope: Scope) =>
    setScopes((current) => (current.includes(scope) ? current.filter((s) => s !== scope) : [...current, scope]));
  return (
    <form className="stack" onSubmit={submit} aria-label="Create a key">
      <Field label="Name">
        <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={64} placeholder="trader" />
      </Field>
      <fieldset className="scopes">
        <legend>Scopes</legend>
        {SCOPES.map((scope) => (
          <label key={scope} className="check">
            <input type="checkbox" checked={scopes.includes(scope)} onChange={() => toggle(scope)} /> {scope}
          </label>
        ))}
      </fieldset>
      <div className="filters">
        <Field label="Max per transaction (USDC)">
          <input value={perTx} onChange={(event) => setPerTx(event.target.value)} inputMode="decimal" />
        </Field>
        <Field label="Max per day (USDC)">
          <input value={perDay} onChange={(event) => setPerDay(event.target.value)} inputMode="decimal" />
        </Field>
        <Field label="Approval above (USDC)">
          <input value={threshold} onChange={(event) => setThreshold(event.target.value)} inputMode="decimal" />
        </Field>
      </div>
      <button type="submit" className="primary" disabled={create.isPending || scopes.length === 0}>
        Create key
      </button>
      {create.data ? (
        <Notice>
          Key {create.data.name}, shown once, copy it now: <code className="wrap secret">{create.data.api_key}</code>
        </Notice>
      ) : null}
      <ErrorNote error={create.error} />
    </form>
  );
}

export function KeysPage() {
  const keys = useApi(["keys"], (pf) => pf.keys.list());
  const policy = useApi(["policy"], (pf) => pf.policy.get());
  const revoke = useAction((pf, id: string) => pf.keys.revoke({ id }));
  const columns: Column<Key>[] = [
    { header: "Name", cell: (k) => k.name },
    { header: "Prefix", cell: (k) => <code>{k.prefix}…</code> },
    { header: "Scopes", cell: (k) => k.scopes.join(", ") },
    { header: "Limits", cell: (k) => describePolicy(k.policy) },
    { header: "Created", cell: (k) => <Time value={k.created_at} /> },
    {
      header: "",
      cell: (k) =>
        k.revoked_at ? (
          <Status value="revoked" />
        ) : (
          <button type="button" onClick={() => revoke.mutate(k.key_id)} disabled={revoke.isPending}>
            Revoke
          </button>
        ),
    },
  ];
  return (
    <>
      <PageTitle title="Keys & policy">Scoped keys for each agent role; their spend limits are enforced by the server.</PageTitle>
      <Panel title="Agent-wide policy">
        {policy.data ? <p>{describePolicy(policy.data.policy)}</p> : <p className="skeleton-line">&nbsp;</p>}
        <ErrorNote error={policy.error} />
      </Panel>
      <Panel title="Keys">
        <ErrorNote error={revoke.error} />
        <Table label="Keys" query={keys} rows={keys.data?.keys} columns={columns} rowKey={(k) => k.key_id} empty="No keys." />
      </Panel>
      <Panel title="Create a key">
        <CreateKey />
      </Panel>
    </>
  );
}
