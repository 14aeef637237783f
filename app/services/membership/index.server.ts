/**
 * Membership: join requests and residence (requests.server.ts, owns `memberships`), household codes
 * (codes.server.ts, owns `household_codes`) and roles (roles.server.ts, owns `role_grants`). Routes
 * import from here (`~/services/membership/index.server`).
 */
export {
  countVerifiedMembers,
  decideMembership,
  listPendingRequests,
  listVerifiedMembers,
  openMembership,
  requestMembership,
  type JoinRequest,
  type MemberRow,
} from "./requests.server";
export { issueHouseholdCodes, redeemHouseholdCode } from "./codes.server";
export { grantRole, listRoleHolders, revokeRole, type RoleHolder } from "./roles.server";
