import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import { z } from "zod";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /**
   * Sends a message. A failure to send is reported to `onError` and never thrown: by the time mail
   * goes out, the act it reports has committed, and the person must not see it fail.
   */
  send(message: MailMessage): Promise<boolean>;
  /** The development mailbox (messages written to disk), or null when mail goes out by SMTP. */
  mailbox: DevMailbox | null;
}

export const StoredMailSchema = z.object({
  id: z.string(),
  to: z.string(),
  from: z.string(),
  subject: z.string(),
  text: z.string(),
  sentAt: z.string(),
});
export type StoredMail = z.output<typeof StoredMailSchema>;

/** Messages written to `DATA_DIR/mail/`, one JSON file each, read back by the /dev/mail pages. */
export interface DevMailbox {
  list(): Promise<StoredMail[]>;
  get(id: string): Promise<StoredMail | null>;
}

function devMailbox(folder: string): DevMailbox & { store(mail: StoredMail): Promise<void> } {
  return {
    async store(mail) {
      await mkdir(folder, { recursive: true });
      // Sortable names: the newest message lists first.
      await writeFile(
        path.join(folder, `${mail.sentAt.replace(/[:.]/g, "-")}_${mail.id}.json`),
        JSON.stringify(mail, null, 2),
      );
    },
    async list() {
      let names: string[];
      try {
        names = (await readdir(folder))
          .filter((n) => n.endsWith(".json"))
          .sort()
          .reverse();
      } catch {
        return [];
      }
      const mails = await Promise.all(
        names
          .slice(0, 200)
          .map(async (name) =>
            StoredMailSchema.safeParse(JSON.parse(await readFile(path.join(folder, name), "utf8"))),
          ),
      );
      return mails.flatMap((m) => (m.success ? [m.data] : []));
    },
    async get(id) {
      if (!/^[0-9a-f-]{36}$/.test(id)) return null;
      return (await this.list()).find((mail) => mail.id === id) ?? null;
    },
  };
}

/**
 * Email through nodemailer: SMTP when `smtpUrl` is set; otherwise messages are written to
 * `DATA_DIR/mail/` and shown at /dev/mail (development and test only).
 */
export function createMailer(options: {
  smtpUrl?: string;
  from: string;
  dataDir: string;
  /** Where send failures go (the server's logger); without it they are thrown, as in tests. */
  onError?: (error: unknown, message: MailMessage) => void;
}): Mailer {
  const guarded =
    (deliver: (message: MailMessage) => Promise<void>) => async (message: MailMessage) => {
      try {
        await deliver(message);
        return true;
      } catch (error) {
        if (!options.onError) throw error;
        options.onError(error, message);
        return false;
      }
    };
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      mailbox: null,
      send: guarded(async (message) => {
        await transport.sendMail({ from: options.from, ...message });
      }),
    };
  }
  const mailbox = devMailbox(path.join(options.dataDir, "mail"));
  return {
    mailbox,
    send: guarded(async (message) => {
      await mailbox.store({
        id: randomUUID(),
        from: options.from,
        sentAt: new Date().toISOString(),
        ...message,
      });
    }),
  };
}
