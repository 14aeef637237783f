import type source from "../zh-Hans/refusals";

/** 繁體中文 messages of one area (see ../zh-Hant.ts for the house style). */
const messages: Record<keyof typeof source, string> = {
  "refusal.forbiddenTitle": "沒有權限",
  "refusal.needRole":
    "{count, plural, =1 {{action}需要「{roles}」角色。} other {{action}需要下列角色之一：{roles}。}}",
  "refusal.needRoleIn":
    "{count, plural, =1 {在{place}{action}需要「{roles}」角色。} other {在{place}{action}需要下列角色之一：{roles}。}}",
  "refusal.notHere": "這裡不能{action}。",
  "refusal.notHereIn": "在{place}不能{action}。",
  "refusal.unverified": "{action}需要先確認電子郵件地址：請開啟註冊時收到的確認郵件中的連結。",
  "refusal.generic": "您的帳戶沒有做這件事的權限。",
  "refusal.held": "您在這裡的角色：{roles}。",
  "refusal.heldNone": "您在這裡還沒有角色。",
  "refusal.askForRole": "角色由社區議事會成員或管理員授予。如果您應該具備這個角色，請與他們聯絡。",
  "refusal.nextTitle": "接下來可以",
  "refusal.backToPlace": "回到{place}",
  "refusal.signIn": "登入後再試",
  "refusal.signInHint": "有些內容只對已登入的社區成員開放。",
  "refusal.action.community.read": "查看社區",
  "refusal.action.membership.request": "申請加入社區",
  "refusal.action.membership.review": "審核入社申請",
  "refusal.action.member.list": "查看居民名單",
  "refusal.action.household_code.issue": "產生入戶碼",
  "refusal.action.role.manage": "管理角色",
  "refusal.action.audit.read": "查看操作紀錄",
  "refusal.action.community.manage": "管理社區（新增、改名、移動）",
  "refusal.action.community.configure": "修改社區設定",
  "refusal.action.moderation.act": "處理檢舉、隱藏內容",
  "refusal.action.proposal.create": "提出議題",
  "refusal.action.proposal.support": "支持議題",
  "refusal.action.comment.create": "發表意見",
  "refusal.action.content.report": "檢舉內容",
  "refusal.action.vote.cast": "投票",
  "refusal.action.vote.manage": "發起和管理表決",
  "refusal.action.vote.proxy": "代居民填寫選票",
  "refusal.notFound.community": "沒有這個社區：連結可能已失效，或網址輸入有誤。",
  "refusal.notFound.proposal":
    "這個議題不存在，或您無法查看：尚未發布的草稿只有作者、受邀的共同作者和負責本社區的人看得到。",
  "refusal.notFound.vote": "沒有這次表決：連結可能已失效，或網址輸入有誤。",
  "refusal.allProposals": "查看全部議題",
  "refusal.allVotes": "查看全部表決",
};

export default messages;
