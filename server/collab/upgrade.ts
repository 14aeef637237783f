import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";

/** Refuses an upgrade on a path nobody serves, closing the socket cleanly rather than leaving it. */
export function refuseUpgrade(socket: Duplex): void {
  socket.on("error", () => socket.destroy());
  const body = "Not Found\n";
  socket.end(
    "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Sends `/collab/...` upgrades to the collaboration server and refuses every other one. */
export function routeUpgrades(
  server: Server,
  collab: { handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean },
): void {
  server.on("upgrade", (req, socket, head: Buffer) => {
    if (!collab.handleUpgrade(req, socket, head)) refuseUpgrade(socket);
  });
}
