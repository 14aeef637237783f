import type { Server } from "node:http";
import type { Logger } from "pino";

export interface ShutdownOptions {
  server: Server;
  logger: Logger;
  /** Closed after the last in-flight request has finished (the database, for one). */
  resources: Array<{ name: string; close: () => Promise<void> }>;
  /** After this long, connections still open are cut so that the process can end. */
  timeoutMs: number;
}

/**
 * Graceful shutdown: stop accepting connections, let in-flight requests finish (idle keep-alive
 * connections are closed at once), then close resources. Resolves when everything is closed.
 */
export function shutdownGracefully({ server, logger, resources, timeoutMs }: ShutdownOptions) {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      logger.warn({ timeoutMs }, "requests still running at the shutdown deadline; closing them");
      server.closeAllConnections();
    }, timeoutMs);
    timer.unref();
    // A keep-alive connection whose last request just finished would otherwise stay open until its
    // keep-alive timeout: sweep idle connections until the server has closed.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    sweep.unref();
    server.close(() => {
      clearTimeout(timer);
      clearInterval(sweep);
      void closeAll(resources, logger).then(resolve);
    });
    server.closeIdleConnections();
  });
}

async function closeAll(resources: ShutdownOptions["resources"], logger: Logger) {
  for (const resource of resources) {
    try {
      await resource.close();
    } catch (error) {
      logger.error({ err: error, resource: resource.name }, "could not close cleanly");
    }
  }
}

/** Runs `shutdown` once on the first SIGTERM or SIGINT; a second signal exits at once. */
export function onTerminationSignal(logger: Logger, shutdown: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, "shutting down: finishing in-flight requests");
    shutdown().then(
      () => {
        logger.info("shut down cleanly");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", handler);
  process.on("SIGINT", handler);
}
