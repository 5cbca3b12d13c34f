"""The fixed words of the event format: each code a record may carry, and its Chinese name.

Every other module (model, checker, rules, policies, pages, feeds, search, figures, the
``openday new`` scaffold) takes its codes and names from here, and a test holds the JSON
schemas' ``enum`` and ``enumDescriptions`` to these tables, so a code added or renamed in
one place cannot be missing from another. The order of each table is the order the schema
lists its codes in, and the order messages and pages list them in unless they say otherwise.
"""

from __future__ import annotations

from typing import Literal

#: The stages a record goes through, in order, each named by the key that opens it
#: (``published`` for the notice).
Stage = Literal["plan", "notice", "report", "feedback"]
STAGE_NAMES: dict[Stage, str] = {
    "plan": "计划备案",
    "notice": "活动公告",
    "report": "活动报道",
    "feedback": "意见反馈",
}
STAGES: tuple[Stage, ...] = tuple(STAGE_NAMES)

#: Unit kinds (``kind`` in agencies.yml); policies say which of them may host.
KIND_NAMES = {
    "government": "人民政府",
    "department": "政府部门",
    "town": "乡镇",
    "street": "街道",
    "enterprise": "企业",
    "institution": "事业单位",
}
#: The order units are listed in on the per-unit page: the government first, towns last.
KIND_ORDER = ("government", "department", "institution", "enterprise", "street", "town")

#: Groups of participants (``attendees``, ``invitees``, who an opinion came ``from``).
GROUP_NAMES = {
    "public": "群众代表",
    "deputies": "人大代表",
    "members": "政协委员",
    "media": "媒体记者",
    "other": "其他人员",
}
#: The groups as the schema shows them to editors: 群众代表 with the name seed 001 uses.
GROUP_HINTS = {**GROUP_NAMES, "public": "群众代表（市民代表）"}

#: Ways to sign up (``registration.methods``).
METHOD_NAMES = {
    "online": "网上报名",
    "phone": "电话报名",
    "onsite": "现场报名",
    "invitation": "定向邀请",
    "email": "电子邮件报名",
    "wechat": "微信公众号报名",
    "walk_in": "无需报名，现场参加",
}
#: Methods by which the public does not sign up: only the invited come, or anyone walks in.
CLOSED_METHODS = ("invitation", "walk_in")

#: How places are given out when more sign up than there are (``registration.selection``).
SELECTION_NAMES = {
    "first_come": "先到先得，报满即止",
    "lottery": "抽签确定",
    "review": "审核确定",
}

#: Activity forms (``formats``).
FORMAT_NAMES = {
    "office": "进机关",
    "site": "进现场",
    "meeting": "进会议",
    "forum": "座谈交流",
    "survey": "问卷调查",
    "experience": "体验环节",
    "online": "线上直播",
}

#: The announcement items of seed 000 二(五) beyond what every open day needs (unit, theme,
#: time, place, how to take part), which a policy may require (``required_items``): the key
#: that holds each, and its name. ``contact`` is the 联系人员 and ``phone`` the 联系电话.
NOTICE_ITEM_NAMES = {
    "capacity": (("capacity",), "参加人数"),
    "leaders": (("leaders",), "参加领导"),
    "content": (("content",), "活动内容"),
    "formats": (("formats",), "活动形式"),
    "contact": (("contact", "name"), "联系人员"),
    "phone": (("contact", "phone"), "联系电话"),
    "reminders": (("reminders",), "温馨提示"),
}

#: The state of the answer to an opinion (``feedback.items.status``).
ANSWER_NAMES = {
    "adopted": "已采纳",
    "partly": "部分采纳",
    "in_progress": "办理中",
    "explained": "解释说明",
    "not_adopted": "暂不采纳",
}

#: An event (``status``) or a session (``sessions.status``, cancelled only) that is not
#: going ahead as announced.
STATUS_NAMES = {"cancelled": "已取消", "postponed": "已延期"}
SESSION_STATUSES = ("cancelled",)
