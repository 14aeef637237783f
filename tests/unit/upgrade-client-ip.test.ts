import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { upgradeClientIp } from "../../server/collab/authorize";

function request(peer: string, forwardedFor?: string): IncomingMessage {
  return {
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor },
  } as unknown as IncomingMessage;
}

describe("the client address of an upgrade, for per-address limits", () => {
  it.each([
    { trust: false, peer: "10.0.0.2", xff: "203.0.113.9", expected: "10.0.0.2" },
    { trust: 0, peer: "10.0.0.2", xff: "203.0.113.9", expected: "10.0.0.2" },
    { trust: true, peer: "10.0.0.2", xff: "203.0.113.9, 10.0.0.1", expected: "203.0.113.9" },
    // One trusted hop (the proxy in front of us): the address it saw, whatever the client claimed.
    { trust: 1, peer: "10.0.0.2", xff: "6.6.6.6, 203.0.113.9", expected: "203.0.113.9" },
    { trust: 2, peer: "10.0.0.2", xff: "6.6.6.6, 203.0.113.9, 10.0.0.1", expected: "203.0.113.9" },
    { trust: 5, peer: "10.0.0.2", xff: "203.0.113.9", expected: "203.0.113.9" },
    { trust: 1, peer: "10.0.0.2", xff: undefined, expected: "10.0.0.2" },
    { trust: true, peer: "10.0.0.2", xff: " , ", expected: "10.0.0.2" },
  ])("trust $trust, peer $peer, forwarded $xff → $expected", ({ trust, peer, xff, expected }) => {
    expect(upgradeClientIp(request(peer, xff), trust)).toBe(expected);
  });
});
