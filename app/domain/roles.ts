/** Roles held in a community and every community below it (see app/domain/policy). */
export const ROLES = [
  "resident",
  "grid_worker",
  "committee",
  "council",
  "moderator",
  "admin",
] as const;
export type Role = (typeof ROLES)[number];
