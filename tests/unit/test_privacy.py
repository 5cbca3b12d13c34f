"""Personal data in published reports and answers: found, named and masked."""

from __future__ import annotations

import pytest
from openday.checking.privacy import scan

TAIL = "，公开内容不得包含个人信息，请删除"


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("请联系13912345678", "含有手机号码“13*******78”"),
        ("请联系 139 1234 5678。", "含有手机号码“139*******678”"),
        ("电话 +86 139-1234-5678", "含有手机号码“+86 *********5678”"),
        ("咨询电话 0539-2251234", "含有固定电话“053******234”"),
        ("咨询电话 028-26621530", "含有固定电话“028******530”"),
        ("咨询电话 0539 2251234", "含有固定电话“053******234”"),
        ("咨询电话 (0539)2251234", "含有固定电话“(05*******234”"),
        ("身份证号 371302199001011234", "含有身份证号码“3713**********1234”"),
        ("身份证号 37130219900101123X", "含有身份证号码“3713**********123X”"),
        ("发邮件至 wang.mou@example.com 查询", "含有电子邮箱“wang.**********e.com”"),
    ],
)
def test_personal_data_is_found_named_and_masked(text, finding):
    assert [message for _, message in scan(text)] == [finding + TAIL]


@pytest.mark.parametrize(
    "text",
    [
        "9月20日上午，县税务局举办“政府开放日”活动，共28人参加。",
        "活动时间 2023-09-20 09:00 至 11:30。",
        "拨打 12345 政务服务便民热线。",
        "文号 临政办字〔2021〕30 号，邮编 276000。",
        "合同编号 20230920123456789，订单号 13912345678901。",
        "访问 https://example.gov.cn/openday/ 了解详情。",
        "@县税务局 官方微博",
    ],
)
def test_ordinary_report_text_is_not_flagged(text):
    assert list(scan(text)) == []


def test_an_id_number_is_reported_once_not_also_as_a_phone_number():
    assert list(scan("身份证 110101199003071399")) == [
        (4, "含有身份证号码“1101**********1399”" + TAIL)
    ]


def test_every_piece_of_personal_data_in_a_text_is_reported():
    findings = list(
        scan("张某，身份证 110101199003071399，手机 13912345678，邮箱 zhang@example.com")
    )
    assert [finding.split("“")[0] for _, finding in findings] == [
        "含有身份证号码",
        "含有手机号码",
        "含有电子邮箱",
    ]


def test_the_mask_never_shows_the_whole_number():
    [(_, finding)] = scan("13912345678")
    assert "13912345678" not in finding


def test_each_finding_gives_the_offset_where_it_starts():
    text = "座谈会上，有代表留下电话 13912345678。"
    [(offset, _)] = scan(text)
    assert text[offset:].startswith("139")


def test_a_landline_written_without_a_separator_is_found():
    [(_, finding)] = scan("咨询电话05392251234")
    assert finding.startswith("含有固定电话")
