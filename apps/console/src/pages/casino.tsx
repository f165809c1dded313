import type { Bet } from "@purpleflea/protocol";
import { type BetVerification, verifyBet } from "@purpleflea/sdk";
import { type FormEvent, useState } from "react";
import { useAction, useApi } from "../hooks.ts";
import { Badge, type Column, ErrorNote, Field, Money, Notice, PageTitle, Panel, Status, Table, Time } from "../ui.tsx";

/** Recomputes a bet in this browser with the protocol's own fairness code; the server is not asked. */
function VerifyPanel({ bet, edgeBps, onClose }: { bet: Bet; edgeBps: number; onClose: () => void }) {
  const [seed, setSeed] = useState(bet.proof.server_seed ?? "");
  const [outcome, setOutcome] = useState<BetVerification | { error: string } | null>(null);
  const verify = (event: FormEvent) => {
    event.preventDefault();
    try {
      setOutcome(verifyBet(bet, seed.trim(), edgeBps));
    } catch (error) {
      setOutcome({ error: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <form className="verify" onSubmit={verify} aria-label={`Verify bet ${bet.bet_id}`}>
      <p className="muted">
        Commitment <code className="wrap">{bet.proof.server_seed_hash}</code>, client seed <code>{bet.proof.client_seed}</code>,
        nonce {bet.proof.nonce}. Change the server seed to see a tampered proof fail.
      </p>
      <Field label="Revealed server seed">
        <input value={seed} onChange={(event) => setSeed(event.target.value)} spellCheck={false} className="mono" />
      </Field>
      <div className="row">
        <button type="submit" className="primary">
          Recompute
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {outcome === null ? null : "error" in outcome ? (
        <p className="note error" role="alert" data-verdict="mismatch">
          Mismatch: {outcome.error}
        </p>
      ) : outcome.matches ? (
        <Notice>
          <span data-verdict="match">
            Match: the seed hashes to the commitment and gives result {outcome.recomputed.result}, {outcome.recomputed.outcome}.
          </span>
        </Notice>
      ) : (
        <p className="note error" role="alert" data-verdict="mismatch">
          Mismatch: {outcome.mismatch}
        </p>
      )}
    </form>
  );
}

function BetForm() {
  const [game, setGame] = useState("coinflip");
  const [amount, setAmount] = useState("0.10");
  const [prediction, setPrediction] = useState("heads");
  const bet = useAction((pf, input: { game: "coinflip" | "dice" | "roulette" | "crash"; amount: string; prediction: string }) =>
    pf.casino.bet(input),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    bet.mutate({ game: game as "coinflip", amount, prediction });
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Place a bet">
      <Field label="Game">
        <select value={game} onChange={(event) => setGame(event.target.value)}>
          <option value="coinflip">coinflip</option>
          <option value="dice">dice</option>
          <option value="roulette">roulette</option>
          <option value="crash">crash</option>
        </select>
      </Field>
      <Field label="Stake (USDC)">
        <input value={amount} onChange={(event) => setAmount(event.target.value)} inputMode="decimal" />
      </Field>
      <Field label="Prediction" hint="heads, over_50, red, 2x…">
        <input value={prediction} onChange={(event) => setPrediction(event.target.value)} />
      </Field>
      <button type="submit" className="primary" disabled={bet.isPending}>
        Bet
      </button>
      {bet.data ? (
        <Notice>
          {bet.data.outcome === "win" ? "Won" : "Lost"}: result {bet.data.result}, paid <Money value={bet.data.payout_str} />.
        </Notice>
      ) : null}
      <ErrorNote error={bet.error} />
    </form>
  );
}

export function CasinoPage() {
  const bets = useApi(["bets"], (pf) => pf.casino.bets({ limit: 50 }));
  const seeds = useApi(["seeds"], (pf) => pf.casino.seeds());
  const games = useApi(["games"], (pf) => pf.casino.games());
  const rotate = useAction((pf) => pf.casino.rotateSeed({}));
  const [verifying, setVerifying] = useState<string | null>(null);
  const edgeBps = games.data?.house_edge_bps ?? 50;
  const columns: Column<Bet>[] = [
    { header: "When", cell: (b) => <Time value={b.created_at} /> },
    { header: "Game", cell: (b) => `${b.game} ${b.prediction}` },
    { header: "Result", cell: (b) => b.result },
    { header: "Outcome", cell: (b) => <Status value={b.outcome} /> },
    { header: "Stake", align: "right", cell: (b) => <Money value={b.amount_str} /> },
    { header: "Payout", align: "right", cell: (b) => <Money value={b.payout_str} /> },
    {
      header: "Proof",
      cell: (b) =>
        b.proof.server_seed ? (
          <button
            type="button"
            onClick={() => setVerifying(verifying === b.bet_id ? null : b.bet_id)}
            aria-expanded={verifying === b.bet_id}
          >
            Verify
          </button>
        ) : (
          <Badge>seed not revealed yet</Badge>
        ),
    },
  ];
  const selected = bets.data?.bets.find((b) => b.bet_id === verifying);
  return (
    <>
      <PageTitle title="Casino">
        Provably fair: each bet's server seed is committed before it is used and revealed on rotation, so any bet can be
        recomputed here, in your browser.
      </PageTitle>
      <Panel
        title="Seeds"
        actions={
          <button type="button" onClick={() => rotate.mutate(undefined)} disabled={rotate.isPending}>
            Rotate seed (reveal)
          </button>
        }
      >
        {seeds.data ? (
          <dl className="facts">
            <dt>Commitment (sha256 of the server seed)</dt>
            <dd>
              <code className="wrap">{seeds.data.server_seed_hash}</code>
            </dd>
            <dt>Client seed</dt>
            <dd>
              <code>{seeds.data.client_seed}</code>
            </dd>
            <dt>Next nonce</dt>
            <dd>{seeds.data.nonce}</dd>
          </dl>
        ) : (
          <p className="skeleton-line">&nbsp;</p>
        )}
        {rotate.data ? (
          <Notice>
            Revealed <code className="wrap">{rotate.data.previous.server_seed}</code> for {rotate.data.previous.bets} bets: verify
            them below.
          </Notice>
        ) : null}
        <ErrorNote error={rotate.error ?? seeds.error} />
      </Panel>
      <Panel title="Place a bet">
        <BetForm />
      </Panel>
      <Panel title="Bets">
        {selected ? (
          <VerifyPanel key={selected.bet_id} bet={selected} edgeBps={edgeBps} onClose={() => setVerifying(null)} />
        ) : null}
        <Table
          label="Bets"
          query={bets}
          rows={bets.data?.bets}
          columns={columns}
          rowKey={(b) => b.bet_id}
          empty="No bets yet."
          skeletonRows={5}
        />
      </Panel>
    </>
  );
}
