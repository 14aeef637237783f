/**
 * The vote clock: opens and closes votes as their times pass, whether or not anybody is looking. It
 * is the one writer of those moments (freezing the electorate, counting, sealing the box, moving
 * the proposal, telling the electorate): pages only read, deriving a vote's status from its times.
 * Runs once at start, so that a vote that closed while no server was running is counted at once,
 * then every `intervalMs` (VOTE_CLOCK_INTERVAL_MS, default 30 s). Runs never overlap; each vote is
 * handled on its own, so one that fails (logged; the next tick tries again) or cannot be counted
 * (marked for the committee's attention, retried after a back-off) delays no other.
 */
import type { Logger } from "pino";
import type { Database } from "../db/client";
import type { LiveDocuments } from "../app/lib/live-documents";
import { syncDueVotes } from "../app/services/votes/index.server";

export interface VoteClock {
  /** One pass now (what the timer runs); resolves when it is done. */
  tick(): Promise<void>;
  /** Stops the timer and waits for a pass under way. */
  stop(): Promise<void>;
}

export function startVoteClock(options: {
  db: Database;
  documents: LiveDocuments;
  logger: Logger;
  intervalMs?: number;
}): VoteClock {
  const { db, documents, logger, intervalMs = 30_000 } = options;
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= syncDueVotes(db, documents)
      .then(({ opened, closed, attention, failed }) => {
        if (opened.length > 0 || closed.length > 0)
          logger.info({ opened, closed }, "votes opened and closed as their times passed");
        if (attention.length > 0)
          logger.warn(
            { attention },
            "votes could not be counted and need the committee's attention",
          );
        for (const { id, error } of failed)
          logger.error({ err: error, voteId: id }, "the vote clock failed on a vote");
      })
      .catch((error: unknown) => logger.error({ err: error }, "the vote clock failed"))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  void tick();
  return {
    tick,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
