import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Bus, Subscription } from "./bus";

/** How long a subscription may take before the room stops waiting for it (Redis is down). */
const SUBSCRIBE_TIMEOUT_MS = 2_000;

/**
 * The bus between instances on Redis pub/sub, binary-safe (`messageBuffer`, Buffer payloads). Needs
 * two connections: `subscriber` is put in subscriber mode and can do nothing else; `publisher` may be
 * shared with other uses. The caller owns both connections (and quits them at shutdown).
 *
 * Pub/sub is fire-and-forget: messages sent while the connection is down are lost (nothing waits for
 * Redis: an instance that loses it goes on serving its own clients). Once both connections are back,
 * the channels are subscribed again and `onReconnect` listeners run, so that rooms resynchronise.
 */
export function createRedisBus(
  publisher: Redis,
  subscriber: Redis,
  options: { logger?: Logger } = {},
): Bus {
  const { logger } = options;
  const channels = new Map<
    string,
    { handlers: Set<(message: Uint8Array) => void>; ready: Promise<void> }
  >();
  const reconnectListeners = new Set<() => void>();

  subscriber.on("messageBuffer", (channelBuffer: Buffer, message: Buffer) => {
    const entry = channels.get(channelBuffer.toString());
    if (!entry) return;
    // A copy: the parser's buffer is not ours to keep.
    const bytes = new Uint8Array(message);
    for (const handler of entry.handlers) {
      try {
        handler(bytes);
      } catch (error) {
        logger?.error({ err: error }, "a collab bus handler failed");
      }
    }
  });

  // Said once per outage; the Redis connections log the outage itself (server/redis.ts).
  let publishFailed = false;
  // Back after an outage (either connection): subscribe every channel again (those asked for while
  // Redis was away were never subscribed), then let the rooms resynchronise.
  const resynchronise = () => {
    if (subscriber.status !== "ready" || publisher.status !== "ready") return;
    const names = [...channels.keys()];
    if (names.length === 0) return;
    subscriber.subscribe(...names).then(
      () => {
        publishFailed = false;
        for (const listener of reconnectListeners) listener();
      },
      (error: unknown) => logger?.warn({ err: error }, "collab bus: could not resubscribe"),
    );
  };
  subscriber.on("ready", resynchronise);
  publisher.on("ready", resynchronise);

  return {
    publish(channel, message) {
      // Lost while Redis is away, like anything in flight: the rooms resynchronise when it returns.
      if (publisher.status !== "ready") return;
      publisher
        .publish(channel, Buffer.from(message.buffer, message.byteOffset, message.byteLength))
        .catch((error: unknown) => {
          if (publishFailed) return;
          publishFailed = true;
          logger?.warn({ err: error, channel }, "collab bus: could not publish");
        });
    },
    subscribe(channel, handler): Subscription {
      let entry = channels.get(channel);
      if (!entry) {
        // While Redis is away the room loads without waiting: the channel is subscribed when it
        // returns (see `resynchronise`).
        const subscribed =
          subscriber.status === "ready"
            ? subscriber.subscribe(channel).then(() => undefined)
            : Promise.resolve();
        const timeout = new Promise<void>((_resolve, reject) => {
          setTimeout(
            () => reject(new Error(`subscribing to ${channel} timed out`)),
            SUBSCRIBE_TIMEOUT_MS,
          ).unref();
        });
        const ready = Promise.race([subscribed, timeout]);
        // Observed here so that an unused rejection is never unhandled.
        ready.catch(() => {});
        entry = { handlers: new Set(), ready };
        channels.set(channel, entry);
      }
      const current = entry;
      current.handlers.add(handler);
      return {
        ready: current.ready,
        unsubscribe() {
          current.handlers.delete(handler);
          if (current.handlers.size > 0 || channels.get(channel) !== current) return;
          channels.delete(channel);
          if (subscriber.status !== "ready") return;
          subscriber.unsubscribe(channel).catch((error: unknown) => {
            logger?.warn({ err: error, channel }, "collab bus: could not unsubscribe");
          });
        },
      };
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
  };
}
