/**
 * Demo proposals in the demo community, in different states, so that a newcomer sees a living place
 * and can co-edit at once: the `open` proposal about the lift has the demo resident (王阿姨) among its
 * authors. Idempotent: does nothing when the demo proposals are already there.
 */
import { and, eq, inArray } from "drizzle-orm";
import * as Y from "yjs";
import type { Database } from "../../db/client";
import { createDatabaseStore } from "../collab/persistence";
import { DEMO_COMMUNITY_SLUG } from "./seed";
import {
  comments,
  communities,
  proposalAuthors,
  proposalFollowers,
  proposals,
  proposalSupports,
} from "../../db/schema";
import type { TransitionName } from "../../app/domain/proposal-lifecycle";
import type { ProposalCategory, Stance } from "../../app/domain/proposals";
import type { LiveDocuments } from "../../app/lib/live-documents";
import { loadActor } from "../../app/services/actors.server";
import { communityResource } from "../../app/services/communities.server";
import {
  createProposal,
  loadProposal,
  transitionProposal,
} from "../../app/services/proposals/index.server";

/** Documents read and written through the collaboration store (no server runs while seeding). */
export function storedDocuments(db: Database): LiveDocuments {
  const store = createDatabaseStore(db);
  const state = async (docName: string) =>
    (await store.load(docName)) ?? Y.encodeStateAsUpdate(new Y.Doc());
  return {
    state,
    async transact(docName, change) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, await state(docName));
      const before = Y.encodeStateVector(doc);
      change(doc);
      await store.append(docName, [Y.encodeStateAsUpdate(doc, before)]);
    },
    reauthorize() {},
  };
}

interface DemoProposal {
  author: string;
  coauthors?: string[];
  title: string;
  summary: string;
  category: ProposalCategory;
  language: "zh-Hans" | "zh-Hant";
  body: string;
  steps: TransitionName[];
  supporters?: string[];
  comments?: Array<{
    by: string;
    stance: Stance;
    body: string;
    replies?: Array<{ by: string; body: string }>;
  }>;
}

const DEMO_PROPOSALS: DemoProposal[] = [
  {
    author: "demo-resident",
    coauthors: ["demo-resident2"],
    title: "为1号网格3号楼加装电梯",
    summary:
      "3号楼是1998年建的七层楼，没有电梯，楼里住着二十多位七十岁以上的老人。建议申请老旧小区改造补贴，加装一部电梯，费用按楼层分摊。",
    category: "facilities",
    language: "zh-Hans",
    body: [
      "## 现状",
      "3号楼共七层、两个单元，没有电梯。高层住户中有多位老人行动不便，很少下楼。",
      "## 方案",
      "- 在2单元北侧加装一部电梯，平层入户",
      "- 申请市里老旧小区改造补贴，其余费用按楼层分摊，一楼住户不出钱",
      "- 施工期间保证消防通道畅通",
      "## 需要大家商量的",
      "分摊比例怎么定，一楼住户的采光和噪音怎么补偿。",
    ].join("\n"),
    steps: ["publish"],
    supporters: ["demo-resident3", "demo-resident4"],
    comments: [
      {
        by: "demo-resident4",
        stance: "support",
        body: "我住六楼，每天上下楼太难了，非常支持！",
        replies: [{ by: "demo-resident", body: "谢谢赵奶奶，我们会把大家的情况写进方案里。" }],
      },
      {
        by: "demo-resident5",
        stance: "question",
        body: "一楼住户的补偿具体怎么算？希望方案里写清楚。",
      },
    ],
  },
  {
    author: "demo-resident2",
    title: "在小区东门建电动自行车集中充电棚",
    summary:
      "楼道里给电动自行车充电有火灾隐患。建议在东门空地建一个带智能充电桩的充电棚，按次收费，费用用于维护。",
    category: "safety",
    language: "zh-Hans",
    body: [
      "## 为什么",
      "去年全市发生多起电动自行车在楼道充电引发的火灾。我们小区很多人把车推进楼道充电。",
      "## 建议",
      "- 东门空地建充电棚，约40个车位",
      "- 智能充电桩，充满自动断电",
      "- 按次收费，收入用于维护",
    ].join("\n"),
    steps: ["publish", "startDeliberation"],
    supporters: ["demo-resident", "demo-resident3", "demo-resident4"],
    comments: [
      { by: "demo-resident3", stance: "support", body: "早就该建了，楼道里太危险。" },
      {
        by: "demo-resident5",
        stance: "oppose",
        body: "东门空地现在是老人们下棋的地方，能不能换个位置？",
      },
    ],
  },
  {
    author: "demo-resident4",
    title: "在中心花園增設長者休息座椅",
    summary: "花園步道很長，中間沒有可以坐下休息的地方。建議沿步道每隔五十米增設一張有扶手的座椅。",
    category: "elderly",
    language: "zh-Hant",
    body: [
      "長者散步時走一段就需要休息，現在只能坐在花壇邊上。",
      "- 沿步道每隔五十米一張座椅",
      "- 座椅要有扶手和靠背，方便起身",
    ].join("\n"),
    steps: ["publish"],
    supporters: ["demo-resident2"],
  },
  {
    author: "demo-resident",
    title: "楼道堆物清理公约（草稿）",
    summary: "大家一起定一个楼道不堆放杂物的公约，保证消防通道畅通。",
    category: "governance",
    language: "zh-Hans",
    body: "还在起草中，欢迎共同起草人补充。",
    steps: [],
  },
  {
    author: "demo-resident3",
    title: "周末晚上广场舞限时",
    summary: "周末晚上广场舞音乐太晚，影响休息。建议九点前结束。",
    category: "environment",
    language: "zh-Hans",
    body: "已和舞蹈队沟通，她们同意九点前结束，所以撤回这个议题。",
    steps: ["publish", "withdraw"],
  },
];

const actorFor = (db: Database, userId: string) =>
  loadActor(db, { id: userId, emailVerified: true });

export async function seedDemoProposals(db: Database): Promise<{ inserted: number }> {
  const [community] = await db
    .select()
    .from(communities)
    .where(eq(communities.slug, DEMO_COMMUNITY_SLUG));
  if (!community) throw new Error("seed the demo city first");
  const existing = await db
    .select({ id: proposals.id })
    .from(proposals)
    .where(
      and(eq(proposals.communityId, community.id), eq(proposals.title, DEMO_PROPOSALS[0]!.title)),
    )
    .limit(1);
  if (existing.length > 0) return { inserted: 0 };
  // A small threshold, so that a visitor sees a matter reach it.
  await db
    .update(communities)
    .set({ supportThresholdCount: 3 })
    .where(eq(communities.id, community.id));
  const fresh = { ...community, supportThresholdCount: 3 };
  const resource = await communityResource(db, community);
  const documents = storedDocuments(db);
  const committee = await actorFor(db, "demo-committee");
  for (const demo of DEMO_PROPOSALS) {
    const author = await actorFor(db, demo.author);
    const created = await createProposal(db, {
      community: fresh,
      resource,
      actor: author,
      title: demo.title,
      summary: demo.summary,
      category: demo.category,
      language: demo.language,
      concernsId: null,
      body: demo.body,
    });
    if (!created.ok) throw new Error(`could not seed "${demo.title}": ${created.reason}`);
    const id = created.id;
    if (demo.coauthors?.length) {
      await db.insert(proposalAuthors).values(
        demo.coauthors.map((userId) => ({
          proposalId: id,
          userId,
          invitedBy: demo.author,
          acceptedAt: new Date(),
        })),
      );
      await db
        .insert(proposalFollowers)
        .values(demo.coauthors.map((userId) => ({ proposalId: id, userId })))
        .onConflictDoNothing();
    }
    for (const step of demo.steps) {
      if (step === "startDeliberation" && demo.supporters?.length) {
        await addSupports(db, id, demo.supporters);
      }
      const record = (await loadProposal(db, id))!;
      const actor = step === "startDeliberation" ? committee : author;
      const result = await transitionProposal(db, documents, record, actor, step);
      if (!result.ok) throw new Error(`could not seed "${demo.title}" (${step}): ${result.reason}`);
    }
    if (demo.supporters?.length && !demo.steps.includes("startDeliberation"))
      await addSupports(db, id, demo.supporters);
    for (const comment of demo.comments ?? []) {
      const [row] = await db
        .insert(comments)
        .values({
          proposalId: id,
          authorId: comment.by,
          stance: comment.stance,
          body: comment.body,
        })
        .returning({ id: comments.id });
      for (const reply of comment.replies ?? []) {
        await db.insert(comments).values({
          proposalId: id,
          parentId: row!.id,
          authorId: reply.by,
          stance: "neutral",
          body: reply.body,
        });
      }
      const count = 1 + (comment.replies?.length ?? 0);
      const [current] = await db
        .select({ n: proposals.commentCount })
        .from(proposals)
        .where(eq(proposals.id, id));
      await db
        .update(proposals)
        .set({ commentCount: (current?.n ?? 0) + count })
        .where(eq(proposals.id, id));
    }
  }
  return { inserted: DEMO_PROPOSALS.length };
}

async function addSupports(db: Database, proposalId: number, userIds: string[]) {
  const already = await db
    .select({ userId: proposalSupports.userId })
    .from(proposalSupports)
    .where(
      and(eq(proposalSupports.proposalId, proposalId), inArray(proposalSupports.userId, userIds)),
    );
  const fresh = userIds.filter((id) => !already.some((row) => row.userId === id));
  if (fresh.length === 0) return;
  await db.insert(proposalSupports).values(fresh.map((userId) => ({ proposalId, userId })));
  await db
    .insert(proposalFollowers)
    .values(fresh.map((userId) => ({ proposalId, userId })))
    .onConflictDoNothing();
  const [current] = await db
    .select({ n: proposals.supportCount })
    .from(proposals)
    .where(eq(proposals.id, proposalId));
  await db
    .update(proposals)
    .set({
      supportCount: (current?.n ?? 0) + fresh.length,
      ...((current?.n ?? 0) + fresh.length >= 3 ? { thresholdReachedAt: new Date() } : {}),
    })
    .where(eq(proposals.id, proposalId));
}
