import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "pino";

/**
 * Redis is a help, never a dependency: while it is away every command fails at once (no offline
 * queue, short timeouts), so rate limits answer from their per-instance memory and the collaboration
 * bus serves this instance's own clients. Reconnection goes on in the background, forever.
 */
export const REDIS_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 1_000,
  // A server that stops answering without closing the connection: give up on the command quickly.
  commandTimeout: 500,
  retryStrategy: (attempt) => Math.min(250 * attempt, 5_000),
};

export type RedisState = "ok" | "degraded";

export interface RedisConnections {
  /** Commands: the rate limits, and publishing on the collaboration bus. */
  client: Redis;
  /** The collaboration bus's listener (a connection in subscriber mode can do nothing else). */
  subscriber: Redis;
  /** "ok" while both connections are ready; "degraded" while either is away. */
  state(): RedisState;
  quit(): Promise<void>;
}

/**
 * Opens the two connections and watches them. Their errors are handled here (ioredis would print
 * every failed reconnect to stderr otherwise): the log says once that Redis is unreachable and once
 * that it is back, as JSON lines like every other.
 */
export function connectRedis(
  url: string,
  logger: Logger,
  options: Partial<RedisOptions> = {},
): RedisConnections {
  const settings = { ...REDIS_OPTIONS, ...options };
  const client = new Redis(url, settings);
  const subscriber = new Redis(url, settings);
  const connections = [client, subscriber];
  let down = false;
  let quitting = false;
  const state = (): RedisState =>
    connections.every((connection) => connection.status === "ready") ? "ok" : "degraded";

  const lost = (error?: Error) => {
    if (down || quitting) return;
    down = true;
    logger.warn(
      { err: error, redis: "degraded" },
      "Redis is unreachable: rate limits count in this instance's memory, and live documents " +
        "reach only this instance's clients until it returns",
    );
  };
  for (const connection of connections) {
    connection.on("error", (error: Error) => lost(error));
    connection.on("close", () => lost());
    connection.on("ready", () => {
      if (!down || state() !== "ok") return;
      down = false;
      logger.info(
        { redis: "ok" },
        "Redis is reachable again: limits and live documents are shared",
      );
    });
  }
  return {
    client,
    subscriber,
    state,
    async quit() {
      quitting = true;
      await Promise.all(
        connections.map((connection) =>
          connection.status === "ready"
            ? connection.quit().then(() => undefined)
            : Promise.resolve(connection.disconnect()),
        ),
      );
    },
  };
}
