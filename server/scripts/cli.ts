/**
 * `npm run db:migrate`, `npm run db:seed`, `npm run audit:verify` and `npm run notifications:digest`
 * (run it once a day, e.g. from cron): the same configuration as the
 * server (DATABASE_URL, or the embedded database under DATA_DIR).
 */
import { verifyAuditChain } from "../../app/services/audit.server.ts";
import { loadEnv } from "../env.ts";
import { databaseTarget, openDatabase } from "../../db/client.ts";
import { migrateDatabase } from "../../db/migrate.ts";
import { createMailer } from "../../app/services/mail.server.ts";
import { sendDailyDigests } from "../../app/services/notifications.server.ts";
import { seedDemoAccounts, seedDemoCity } from "./seed.ts";
import { seedDemoProposals } from "./seed-proposals.ts";
import { seedDemoVotes } from "./seed-votes.ts";

const COMMANDS = ["migrate", "seed", "audit-verify", "notifications-digest"] as const;
type Command = (typeof COMMANDS)[number];

function isCommand(value: string | undefined): value is Command {
  return (COMMANDS as readonly (string | undefined)[]).includes(value);
}

const command = process.argv[2];
if (!isCommand(command)) {
  console.error(`usage: node --import tsx server/scripts/cli.ts ${COMMANDS.join("|")}`);
  process.exit(2);
}

const env = loadEnv(process.env);
const handle = await openDatabase(
  databaseTarget({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR }),
);
try {
  if (command === "audit-verify") {
    // Read-only on purpose: verifying must not migrate (or otherwise change) the database it judges.
    const verdict = await verifyAuditChain(handle.db);
    if (verdict.ok) {
      console.log(`Audit chain intact: ${verdict.checked} entries.`);
    } else {
      console.error(`Audit chain BROKEN at entry #${verdict.brokenAtId} (${verdict.reason}).`);
      // exitCode rather than exit(): the finally below must still close the database.
      process.exitCode = 1;
    }
  } else {
    await migrateDatabase(handle);
    if (command === "seed") {
      const { inserted } = await seedDemoCity(handle.db);
      const accounts = await seedDemoAccounts(handle.db);
      const demo = await seedDemoProposals(handle.db);
      const demoVotes = await seedDemoVotes(handle.db);
      console.log(
        `Demo city seeded: ${inserted} new communities, ${accounts.inserted} new demo accounts, ${demo.inserted} new demo proposals, ${demoVotes.inserted} new demo votes.`,
      );
    } else if (command === "notifications-digest") {
      const mailer = createMailer({
        smtpUrl: env.SMTP_URL,
        from: env.MAIL_FROM,
        dataDir: env.DATA_DIR,
      });
      const { sent } = await sendDailyDigests(
        handle.db,
        mailer,
        env.APP_URL ?? "http://localhost:3000",
      );
      console.log(`Daily digests sent: ${sent}.`);
    } else {
      console.log("Migrations applied.");
    }
  }
} finally {
  await handle.close();
}
