/**
 * Every access rule of the platform, pure functions of facts: `can()` and its table (can.ts), and the
 * rules that need more facts than a role at a node (one file per area). Routes, services and the
 * collaboration server's authorizer all ask here; nothing else decides who may do what.
 */
export * from "./can";
export * from "./proposals";
export * from "./discussion";
export * from "./votes";
export * from "./communities";
