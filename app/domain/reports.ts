/** What residents may report to moderators, and the moderators' views of the reports. */
export const REPORT_KINDS = ["comment", "proposal"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** The moderation list's filters: open reports, resolved ones, or all of them. */
export const REPORT_FILTERS = ["open", "resolved", "all"] as const;
export type ReportFilter = (typeof REPORT_FILTERS)[number];
