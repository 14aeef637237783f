/** 简体中文 messages of one area, merged into the source catalog (../zh-Hans.ts). */
const messages = {
  // 403: what was refused, why, and what the person can do next.
  "refusal.forbiddenTitle": "没有权限",
  "refusal.needRole":
    "{count, plural, =1 {{action}需要“{roles}”角色。} other {{action}需要以下角色之一：{roles}。}}",
  "refusal.needRoleIn":
    "{count, plural, =1 {在{place}{action}需要“{roles}”角色。} other {在{place}{action}需要以下角色之一：{roles}。}}",
  "refusal.notHere": "这里不能{action}。",
  "refusal.notHereIn": "在{place}不能{action}。",
  "refusal.unverified": "{action}需要先确认电子邮箱：请打开注册时收到的确认邮件中的链接。",
  "refusal.generic": "您的账户没有做这件事的权限。",
  "refusal.held": "您在这里的角色：{roles}。",
  "refusal.heldNone": "您在这里还没有角色。",
  "refusal.askForRole": "角色由社区议事会成员或管理员授予。如果您应当有这个角色，请联系他们。",
  "refusal.nextTitle": "接下来可以",
  "refusal.backToPlace": "返回{place}",
  "refusal.signIn": "登录后再试",
  "refusal.signInHint": "有些内容只对登录的社区成员开放。",
  // What was refused, as a verb phrase ("在春晖社区 + 发起和管理表决").
  "refusal.action.community.read": "查看社区",
  "refusal.action.membership.request": "申请加入社区",
  "refusal.action.membership.review": "审核入社申请",
  "refusal.action.member.list": "查看居民名单",
  "refusal.action.household_code.issue": "生成入户码",
  "refusal.action.role.manage": "管理角色",
  "refusal.action.audit.read": "查看操作日志",
  "refusal.action.community.manage": "管理社区（新增、改名、移动）",
  "refusal.action.community.configure": "修改社区设置",
  "refusal.action.moderation.act": "处理举报、隐藏内容",
  "refusal.action.proposal.create": "提出议题",
  "refusal.action.proposal.support": "支持议题",
  "refusal.action.comment.create": "发表意见",
  "refusal.action.content.report": "举报内容",
  "refusal.action.vote.cast": "投票",
  "refusal.action.vote.manage": "发起和管理表决",
  "refusal.action.vote.proxy": "代居民录入选票",
  // 404: the thing does not exist, or is hidden from this person (the page does not say which).
  "refusal.notFound.community": "没有这个社区：链接可能已失效，或者地址输入有误。",
  "refusal.notFound.proposal":
    "这个议题不存在，或者您看不到它：尚未发布的草稿只有作者、受邀的合著者和负责本社区的人能看到。",
  "refusal.notFound.vote": "没有这次表决：链接可能已失效，或者地址输入有误。",
  "refusal.allProposals": "查看全部议题",
  "refusal.allVotes": "查看全部表决",
} satisfies Record<string, string>;

export default messages;
