// One file per area; this index is what Drizzle and drizzle-kit see.
export * from "./communities";
export * from "./users";
export * from "./membership";
export * from "./audit";
export * from "./notifications";
export * from "./collab";
export * from "./proposals";
export * from "./votes";
