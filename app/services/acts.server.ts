/**
 * "Act, then notify, audit and mail after commit", once for every area. A consequential act runs in
 * one transaction with its audit rows and in-app notifications; the emails of those notifications
 * leave only after the transaction has committed, so a rolled-back act never mails anybody. A refusal
 * thrown inside the act (`act.refuse`) rolls it back and comes out as `{ ok: false, reason }`.
 *
 * Owns no table: it writes through `recordAudit` (audit_log) and `notify` (notifications).
 */
import type { Database, Transaction } from "../../db/client";
import { recordAudit, type AuditInput } from "./audit.server";
import {
  mailAfterCommit,
  notify,
  type MailDelivery,
  type NotificationPayload,
} from "./notifications.server";

/** One act's means; plain function properties, so that they may be taken apart (`{ tx, notify }`). */
export interface Act<R extends string = never> {
  tx: Transaction;
  /** In-app notices, written in the act's transaction; their emails go out after it commits. */
  notify: (userIds: readonly string[], payload: NotificationPayload) => Promise<number[]>;
  /** An audit row, in the act's transaction (so the act and its record commit together). */
  audit: (entry: AuditInput) => Promise<{ id: number; hash: string }>;
  /**
   * Also mails, after the commit, notifications a helper wrote in this transaction with `tx` alone
   * (e.g. `applyTransition`, which votes call inside their own transactions).
   */
  mailAlso: (notificationIds: readonly number[]) => void;
  /** Rolls the act back and makes `commitAct` return `{ ok: false, reason }`. */
  refuse: (reason: R) => never;
}

export type ActOutcome<T, R extends string> = { ok: true; value: T } | { ok: false; reason: R };

/** A refusal that rolls back the transaction it is thrown in. */
export class Refused<R extends string> extends Error {
  constructor(readonly reason: R) {
    super(reason);
    this.name = "Refused";
  }
}

/**
 * Runs `work` as one act: one transaction, audit rows and notifications inside it, emails after the
 * commit (only when `mail` is given). Returns what `work` returned, or the reason it refused.
 */
export async function commitAct<T, R extends string = never>(
  db: Database,
  mail: MailDelivery | undefined,
  work: (act: Act<R>) => Promise<T>,
): Promise<ActOutcome<T, R>> {
  const notified: number[] = [];
  let value: T;
  try {
    value = await db.transaction(async (tx) =>
      work({
        tx,
        notify: async (userIds, payload) => {
          const ids = await notify(tx, userIds, payload);
          notified.push(...ids);
          return ids;
        },
        audit: (entry) => recordAudit(tx, entry),
        mailAlso: (ids) => void notified.push(...ids),
        refuse: (reason) => {
          throw new Refused(reason);
        },
      }),
    );
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.reason as R };
    throw error;
  }
  await mailAfterCommit(db, mail, notified);
  return { ok: true, value };
}
