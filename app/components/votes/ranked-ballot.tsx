/**
 * A ranked ballot (IRV, Schulze, STV). Without JavaScript: a number box per option (1 = first
 * choice, blank = not ranked). Once JavaScript runs, the same ballot becomes tap-to-rank: tap the
 * options in the order you prefer them; every tap is announced ("ranked X as 2nd"), and can be
 * undone. It submits the same `rank.<id>` fields either way, so the server reads one format.
 *
 * Equal ranks are only offered where the method allows them (Schulze): there the number boxes stay
 * available ("enter numbers instead"), since tapping cannot say "these two equally".
 */
import { useRef, useState } from "react";
import { Button, buttonClass } from "~/components/ui/button";
import { useI18n } from "~/i18n/react";
import type { FieldError } from "~/lib/forms";
import { useHydrated } from "~/lib/use-hydrated";
import { BALLOT_FIELD, ChoiceGroup, type BallotOption } from "./ballot-inputs";

/** The order the rank boxes describe, when it is a strict order (no equal numbers); else null. */
export function orderFromRanks(
  options: BallotOption[],
  ranks: Readonly<Record<string, string>>,
): string[] | null {
  const ranked = options
    .map((option) => ({ id: option.id, rank: Number(ranks[option.id] ?? "") }))
    .filter((entry) => (ranks[entry.id] ?? "").trim() !== "" && Number.isInteger(entry.rank))
    .sort((a, b) => a.rank - b.rank);
  const numbers = new Set(ranked.map((entry) => entry.rank));
  return numbers.size === ranked.length ? ranked.map((entry) => entry.id) : null;
}

export function RankedBallotInputs({
  options,
  tiesAllowed,
  defaultValues,
  error,
}: {
  options: BallotOption[];
  /** Whether equal numbers mean "equally preferred" (Schulze) rather than a spoilt rank. */
  tiesAllowed: boolean;
  /** `rank.<id>` → what was typed ("1", "2", ""). */
  defaultValues: Readonly<Record<string, string>>;
  error?: FieldError;
}) {
  const hydrated = useHydrated();
  const initialOrder = orderFromRanks(options, defaultValues);
  const [mode, setMode] = useState<"tap" | "numbers">(initialOrder ? "tap" : "numbers");
  const [order, setOrder] = useState<string[]>(initialOrder ?? []);
  // Number boxes keep what was typed when one switches back and forth.
  const [typed, setTyped] = useState<Record<string, string>>(() => ({ ...defaultValues }));

  const switchTo = (next: "tap" | "numbers") => {
    if (next === "numbers") {
      setTyped(Object.fromEntries(order.map((id, index) => [id, String(index + 1)])));
    } else {
      setOrder(orderFromRanks(options, typed) ?? []);
    }
    setMode(next);
  };

  if (!hydrated || mode === "numbers")
    return (
      <NumberRanks
        options={options}
        tiesAllowed={tiesAllowed}
        values={hydrated ? typed : defaultValues}
        onChange={hydrated ? (id, value) => setTyped((t) => ({ ...t, [id]: value })) : undefined}
        onTap={hydrated ? () => switchTo("tap") : undefined}
        error={error}
      />
    );
  return (
    <TapRanks
      options={options}
      order={order}
      setOrder={setOrder}
      tiesAllowed={tiesAllowed}
      onNumbers={() => switchTo("numbers")}
      error={error}
    />
  );
}

/** The form without JavaScript (and the way to give equal ranks with it). */
function NumberRanks({
  options,
  tiesAllowed,
  values,
  onChange,
  onTap,
  error,
}: {
  options: BallotOption[];
  tiesAllowed: boolean;
  values: Readonly<Record<string, string>>;
  onChange?: (id: string, value: string) => void;
  onTap?: () => void;
  error?: FieldError;
}) {
  const { t } = useI18n();
  return (
    <ChoiceGroup
      id={`field-${BALLOT_FIELD}`}
      legend={t("ballot.rankedLegend")}
      hint={
        <>
          {t("ballot.rankedHintNumbers", { count: options.length })}{" "}
          {tiesAllowed ? t("ballot.rankedTiesAllowed") : t("ballot.rankedNoTies")}
        </>
      }
      error={error}
    >
      <ol className="rank-boxes">
        {options.map((option) => {
          const id = `rank-${option.id}`;
          return (
            <li key={option.id} className="rank-box">
              <input
                id={id}
                className="input rank-box__input"
                type="number"
                inputMode="numeric"
                name={`rank.${option.id}`}
                min={1}
                max={options.length}
                step={1}
                {...(onChange
                  ? {
                      value: values[option.id] ?? "",
                      onChange: (event) => onChange(option.id, event.target.value),
                    }
                  : { defaultValue: values[option.id] ?? "" })}
              />
              <label htmlFor={id}>{option.name}</label>
            </li>
          );
        })}
      </ol>
      {onTap ? (
        <Button variant="ghost" size="small" onClick={onTap}>
          {t("ballot.useTapping")}
        </Button>
      ) : null}
    </ChoiceGroup>
  );
}

/** Tap-to-rank: the options not yet ranked as buttons, the ranking so far as a list. */
function TapRanks({
  options,
  order,
  setOrder,
  tiesAllowed,
  onNumbers,
  error,
}: {
  options: BallotOption[];
  order: string[];
  setOrder: (order: string[]) => void;
  tiesAllowed: boolean;
  onNumbers: () => void;
  error?: FieldError;
}) {
  const { t } = useI18n();
  const [announcement, setAnnouncement] = useState("");
  const pool = useRef<HTMLUListElement>(null);
  const undoRef = useRef<HTMLButtonElement>(null);
  const nameOf = new Map(options.map((option) => [option.id, option.name]));
  const unranked = options.filter((option) => !order.includes(option.id));

  /** After a tap the button is gone: keep the focus on the next option to rank, or on "undo". */
  const focusNext = (index: number) => {
    requestAnimationFrame(() => {
      const buttons = pool.current?.querySelectorAll("button");
      const next = buttons?.[Math.min(index, buttons.length - 1)];
      (next ?? undoRef.current)?.focus();
    });
  };

  const rank = (id: string, index: number) => {
    const next = [...order, id];
    setOrder(next);
    setAnnouncement(
      t("ballot.rankedAs", { name: nameOf.get(id) ?? id, rank: next.length }) +
        (next.length === options.length ? ` ${t("ballot.allRanked")}` : ""),
    );
    focusNext(index);
  };
  const undo = () => {
    const last = order[order.length - 1];
    if (last === undefined) return;
    setOrder(order.slice(0, -1));
    setAnnouncement(t("ballot.unranked", { name: nameOf.get(last) ?? last }));
    if (order.length === 1) focusNext(0);
  };
  const clear = () => {
    setOrder([]);
    setAnnouncement(t("ballot.rankingCleared"));
    focusNext(0);
  };

  return (
    <ChoiceGroup
      id={`field-${BALLOT_FIELD}`}
      legend={t("ballot.rankedLegend")}
      hint={t("ballot.rankedHintTap")}
      error={error}
      className="tap-rank"
    >
      {options.map((option) => {
        const position = order.indexOf(option.id);
        return (
          <input
            key={option.id}
            type="hidden"
            name={`rank.${option.id}`}
            value={position < 0 ? "" : String(position + 1)}
          />
        );
      })}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <div className="tap-rank__columns">
        <section aria-labelledby="tap-rank-order">
          <h3 id="tap-rank-order" className="tap-rank__title">
            {t("ballot.yourRanking", { count: order.length })}
          </h3>
          {order.length === 0 ? (
            <p className="muted">{t("ballot.nothingRanked")}</p>
          ) : (
            <ol className="tap-rank__order">
              {order.map((id, index) => (
                <li key={id}>
                  <span className="tap-rank__number" aria-hidden="true">
                    {index + 1}
                  </span>
                  <span className="visually-hidden">
                    {t("ballot.rankOrdinal", { rank: index + 1 })}
                  </span>
                  <span>{nameOf.get(id)}</span>
                </li>
              ))}
            </ol>
          )}
          <div className="cluster">
            <button
              ref={undoRef}
              type="button"
              className={buttonClass({ variant: "secondary", size: "small" })}
              onClick={undo}
              disabled={order.length === 0}
            >
              {t("ballot.undo")}
            </button>
            <Button variant="ghost" size="small" onClick={clear} disabled={order.length === 0}>
              {t("ballot.startOver")}
            </Button>
          </div>
        </section>
        <section aria-labelledby="tap-rank-pool">
          <h3 id="tap-rank-pool" className="tap-rank__title">
            {t("ballot.toRank", { count: unranked.length })}
          </h3>
          {unranked.length === 0 ? (
            <p className="muted">{t("ballot.allRanked")}</p>
          ) : (
            <ul className="tap-rank__pool" ref={pool}>
              {unranked.map((option, index) => (
                <li key={option.id}>
                  <button
                    type="button"
                    className="tap-rank__option"
                    onClick={() => rank(option.id, index)}
                  >
                    <span>{option.name}</span>
                    {/* Not ranked yet: tapping ranks it next (said to screen readers below). */}
                    <span className="tap-rank__next" aria-hidden="true">
                      {t("ballot.notRanked")}
                    </span>
                    <span className="visually-hidden">
                      {t("ballot.rankAsNext", { rank: order.length + 1 })}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <p className="muted tap-rank__note">{t("ballot.rankAnySubset")}</p>
        </section>
      </div>
      <Button variant="ghost" size="small" onClick={onNumbers}>
        {tiesAllowed ? t("ballot.useNumbersTies") : t("ballot.useNumbers")}
      </Button>
    </ChoiceGroup>
  );
}
