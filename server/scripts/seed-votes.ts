/**
 * Demo votes in the demo community, one in every state a newcomer should see: an open secret vote
 * the demo resident (王阿姨) has not voted in yet, an open ranked vote with running results, a
 * closed STV election whose count went through rounds, and a closed participatory budget shared
 * out by the Method of Equal Shares. Everything goes through the votes service as the demo
 * committee and residents would do it; the closed votes were set up, voted in and closed weeks ago
 * (the service's `now` arguments), then counted by the vote clock's pass. Idempotent: a demo vote
 * already there (by title) is left alone.
 */
import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { communities, votes } from "../../db/schema";
import type { OptionInput } from "../../app/domain/vote-rules";
import { loadActor } from "../../app/services/actors.server";
import { communityResource } from "../../app/services/communities.server";
import {
  castBallot,
  createVote,
  loadVote,
  syncDueVotes,
  type NewVote,
} from "../../app/services/votes/index.server";
import { DEMO_COMMUNITY_SLUG } from "./seed";
import { storedDocuments } from "./seed-proposals";

const DAY = 24 * 60 * 60 * 1000;

/**
 * A demo vote: its set-up, when it opened and closed (days from now, negative in the past), and
 * its ballots, by resident, as option positions (ranks for ranked methods, approvals for budget).
 */
interface DemoVote {
  setup: Pick<NewVote, "title" | "description" | "method" | "settings" | "secret" | "showRunning">;
  options?: OptionInput[];
  opens: number;
  closes: number;
  ballots: Array<{ by: string; choice: "yes" | "no" | number[] }>;
}

export const DEMO_VOTES: DemoVote[] = [
  {
    setup: {
      title: "是否同意春晖花园夜间（22点后）关闭南门",
      description: "物业提议夜间只留北门出入，以减少外来车辆穿行。无记名投票，投票后可凭回执核对。",
      method: "majority",
      settings: { quorumPercent: 20, threshold: "majorityCast" },
      secret: true,
    },
    opens: -2,
    closes: 12,
    ballots: [
      { by: "demo-resident2", choice: "yes" },
      { by: "demo-resident4", choice: "no" },
    ],
  },
  {
    setup: {
      title: "社区活动中心命名（排序投票）",
      description: "按喜欢程度排序，不必全部排。记名投票，投票期间可看即时计票。",
      method: "irv",
      secret: false,
      showRunning: true,
    },
    options: [
      { label: "春晖会客厅" },
      { label: "邻里之家" },
      { label: "晖光驿站" },
      { label: "共享客堂间" },
    ],
    opens: -3,
    closes: 10,
    ballots: [
      { by: "demo-resident3", choice: [1, 0, 3] },
      { by: "demo-resident5", choice: [0, 2] },
    ],
  },
  {
    setup: {
      title: "第二届居民议事会代表选举（两席）",
      description: "单一可转移票制，选出两名代表；当选者的余票按排序转给下一位。",
      method: "stv",
      settings: { seats: 2 },
      secret: true,
    },
    options: [
      { label: "刘建国（退休教师）" },
      { label: "陈晓梅（社区医生）" },
      { label: "吴磊（物业维修工）" },
      { label: "黄丽（小学家长代表）" },
    ],
    opens: -40,
    closes: -26,
    ballots: [
      { by: "demo-resident", choice: [0, 1, 3] },
      { by: "demo-resident2", choice: [0, 2] },
      { by: "demo-resident3", choice: [3, 1] },
      { by: "demo-resident4", choice: [0, 1] },
      { by: "demo-resident5", choice: [2, 3, 1] },
    ],
  },
  {
    setup: {
      title: "2026年社区微更新预算（20万元）",
      description: "勾选你支持的项目，所选项目合计不超过预算。按平等份额法（MES）分配。",
      method: "budget",
      settings: { budget: 200_000, rule: "mes" },
      secret: true,
    },
    options: [
      { label: "儿童游乐区翻新", cost: 90_000 },
      { label: "楼道加装扶手和座椅", cost: 40_000 },
      { label: "非机动车充电棚", cost: 70_000 },
      { label: "小花园补种绿植", cost: 30_000 },
      { label: "纺织厂宿舍路灯更换", cost: 60_000 },
    ],
    opens: -21,
    closes: -7,
    ballots: [
      { by: "demo-resident", choice: [1, 3] },
      { by: "demo-resident2", choice: [2, 1] },
      { by: "demo-resident3", choice: [0, 2] },
      { by: "demo-resident4", choice: [1, 4] },
      { by: "demo-resident5", choice: [0, 3, 4] },
    ],
  },
];

const actorFor = (db: Database, userId: string) =>
  loadActor(db, { id: userId, emailVerified: true });

/** Adds the demo votes that are missing; returns how many it added. */
export async function seedDemoVotes(
  db: Database,
  now: Date = new Date(),
): Promise<{ inserted: number }> {
  const [community] = await db
    .select()
    .from(communities)
    .where(eq(communities.slug, DEMO_COMMUNITY_SLUG));
  if (!community) throw new Error("seed the demo city first");
  const resource = await communityResource(db, community);
  const documents = storedDocuments(db);
  const committee = await actorFor(db, "demo-committee");
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  let inserted = 0;
  for (const demo of DEMO_VOTES) {
    const [existing] = await db
      .select({ id: votes.id })
      .from(votes)
      .where(and(eq(votes.communityId, community.id), eq(votes.title, demo.setup.title)));
    if (existing) continue;
    // Set up when it opened (the service refuses a vote that closed before it was set up).
    const openedAt = at(demo.opens);
    const created = await createVote(
      db,
      documents,
      {
        ...demo.setup,
        community,
        resource,
        actor: committee,
        opensAt: openedAt,
        closesAt: at(demo.closes),
        options: demo.options,
      },
      openedAt,
    );
    if (!created.ok) throw new Error(`could not seed "${demo.setup.title}": ${created.reason}`);
    inserted++;
    const vote = await loadVote(db, created.id, openedAt);
    if (!vote) throw new Error(`demo vote "${demo.setup.title}" vanished`);
    const optionIds = vote.options.map((o) => String(o.id));
    const idAt = (i: number) => optionIds[i] as string;
    for (const [i, ballot] of demo.ballots.entries()) {
      const content =
        typeof ballot.choice === "string"
          ? ballot.choice
          : demo.setup.method === "budget"
            ? { approvals: ballot.choice.map(idAt) }
            : ballot.choice.map((o) => [idAt(o)]);
      const cast = await castBallot(
        db,
        documents,
        vote,
        await actorFor(db, ballot.by),
        { content },
        new Date(openedAt.getTime() + (i + 1) * 60 * 60 * 1000),
      );
      if (!cast.ok) throw new Error(`could not cast in "${demo.setup.title}": ${cast.reason}`);
    }
    // The vote clock's pass: a vote whose closing time has passed is closed and counted.
    if (demo.closes <= 0) await syncDueVotes(db, documents, now, { voteId: created.id });
  }
  return { inserted };
}
