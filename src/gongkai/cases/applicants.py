"""Who asks: what the 条例 requires an application to state of its applicant (第二十九条:
姓名或者名称、身份证明、联系方式; the form the information is wanted in and how it is to
be obtained), each checked as it can be — an ID number by its check digit, a credit
code by its own, a telephone number, a post code, an e-mail address — and the query code
an applicant is given to follow the request.

A check says what is wrong in the words a clerk or an applicant would use."""

from __future__ import annotations

import re
import secrets

from .clocks import CaseError

ID_TYPES = {
    "resident_id": "居民身份证",
    "passport": "护照",
    "hk_macao": "港澳居民来往内地通行证",
    "taiwan": "台湾居民来往大陆通行证",
    "credit_code": "统一社会信用代码",  # a legal person's or an organisation's
    "other": "其他身份证明",
}
DELIVERIES = {
    "post": "邮寄",
    "email": "电子邮件",
    "pickup": "当面领取",
    "online": "网上获取",
    "fax": "传真",
}
FORMS = {"paper": "纸质", "electronic": "电子"}

_RESIDENT = re.compile(r"\d{17}[\dX]")
_RESIDENT_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015: no I, O, S, V, Z
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_PHONE = re.compile(r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?|\d{7,8}")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,6}")
_POSTCODE = re.compile(r"\d{6}")
# a query code: easy to read aloud and type again — no 0/O, 1/I/L, 2/Z, 5/S, 8/B
CODE_CHARS = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 12


def resident_id_valid(number: str) -> bool:
    """An 18-digit 居民身份证号码 whose last character is its check digit (GB 11643)."""
    if not _RESIDENT.fullmatch(number):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _RESIDENT_WEIGHTS))
    return "10X98765432"[total % 11] == number[17]


def credit_code_valid(code: str) -> bool:
    """An 18-character 统一社会信用代码 whose last character is its check character (GB 32100)."""
    if len(code) != 18 or any(ch not in _CREDIT_CHARS for ch in code):
        return False
    total = sum(_CREDIT_CHARS.index(ch) * w for ch, w in zip(code[:17], _CREDIT_WEIGHTS))
    return _CREDIT_CHARS[(31 - total % 31) % 31] == code[17]


def normal_id(id_type: str, number: str) -> str:
    """An ID number as kept: without spaces, letters in capitals (the check digit X)."""
    number = re.sub(r"\s", "", number or "")
    return number.upper() if id_type in ("resident_id", "credit_code", "hk_macao", "taiwan", "passport") else number


def check_id(id_type: str, number: str) -> None:
    """Refuse an ID number that cannot be one of its type."""
    if id_type not in ID_TYPES:
        raise CaseError(f"证件类型“{id_type}”不在可选之列")
    if not number:
        raise CaseError(f"请填写{ID_TYPES[id_type]}号码")
    if id_type == "resident_id" and not resident_id_valid(number):
        raise CaseError("居民身份证号码应为 18 位，最后一位为校验码；所填号码的校验码不符，请核对")
    if id_type == "credit_code" and not credit_code_valid(number):
        raise CaseError("统一社会信用代码应为 18 位，最后一位为校验码；所填代码的校验码不符，请核对")
    if len(number) > 40:
        raise CaseError("证件号码过长")


def check_contact(phone: str = "", email: str = "", address: str = "", postcode: str = "") -> None:
    """At least one way to reach the applicant, and each one given well formed."""
    if phone and not _PHONE.fullmatch(phone):
        raise CaseError(f"联系电话“{phone}”不像电话号码（手机 11 位，或带区号的固定电话）")
    if email and not _EMAIL.fullmatch(email):
        raise CaseError(f"电子邮箱“{email}”格式不正确")
    if postcode and not _POSTCODE.fullmatch(postcode):
        raise CaseError(f"邮政编码“{postcode}”应为 6 位数字")
    if not (phone or email or address):
        raise CaseError("请至少填写一种联系方式（电话、电子邮箱或通信地址）")


def check_delivery(delivery: str, email: str = "", address: str = "") -> None:
    """The way the information is to be obtained, and what it needs (第二十九条第二款第三项)."""
    if delivery not in DELIVERIES:
        raise CaseError(f"获取信息的方式“{delivery}”不在可选之列")
    if delivery == "post" and not address:
        raise CaseError("选择邮寄的，请填写通信地址")
    if delivery == "email" and not email:
        raise CaseError("选择电子邮件的，请填写电子邮箱")


def query_code() -> str:
    """A new query code: 12 characters of 25 (about 56 bits), grouped by four for reading."""
    raw = "".join(secrets.choice(CODE_CHARS) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def normal_code(text: str) -> str:
    """A query code as typed (spaces, lower case, no dashes) in its kept form."""
    raw = re.sub(r"[^0-9A-Za-z]", "", text or "").upper()
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4)) if len(raw) == CODE_LENGTH else raw


__all__ = ["ID_TYPES", "DELIVERIES", "FORMS", "resident_id_valid", "credit_code_valid", "normal_id", "check_id",
           "check_contact", "check_delivery", "query_code", "normal_code"]
