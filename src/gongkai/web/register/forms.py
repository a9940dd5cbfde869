"""The register's forms: registering a request, each move on a case, the letter
templates and what an agency's letters say of it. The API validates with the same forms."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone

from ...cases.applicants import FORMS
from ...cases.clocks import TO_COME
from ...cases.letters import PLACEHOLDERS, Template, fill, needs_reasons
from ...errors import GongkaiError, chinese
from ...report.catalog import TABLE_B_ROW
from ..agencies.models import Agency
from .models import (
    ApplicantType,
    AttachmentKind,
    Channel,
    Delivery,
    IdType,
    NormativeDocument,
    Outcome,
    ReplyType,
    Review,
)
from .services import APPLICANT, check_applicant

FIRST_DAY = date(2008, 5, 1)  # the day the 条例 took effect: no request is older
LARGEST_FEE = 1_000_000  # 元: far above any 信息处理费 the 办法 allows


def no_date_to_come(form, data: dict) -> dict:
    """Every date of a form: not before the 条例, not after today (the agency's day) —
    but for a time limit set for the applicant, which is to come by nature."""
    today = timezone.localdate()
    for name, field in form.fields.items():
        day = data.get(name)
        if isinstance(field, forms.DateField) and day:
            if day > today and name not in TO_COME:
                form.add_error(name, f"{field.label}不能晚于今天（{today}）")
            elif day < FIRST_DAY:
                form.add_error(name, f"{field.label}不能早于条例施行之日（{FIRST_DAY}）")
    return data


def applicant_fields(required: bool) -> dict:
    """The applicant's particulars the 条例 requires an application to state (第二十九条);
    checked together by `services.check_applicant`."""
    text = forms.TextInput
    return {
        "id_type": forms.ChoiceField(label="身份证明的证件类型", required=required,
                                     choices=([] if required else [("", "（未提供）")]) + IdType.choices),
        "id_number": forms.CharField(label="证件号码", max_length=40, required=required,
                                     widget=text(attrs={"autocomplete": "off"})),
        "phone": forms.CharField(label="联系电话", max_length=30, required=False, widget=text(attrs={"type": "tel"})),
        "email": forms.CharField(label="电子邮箱", max_length=200, required=False, widget=text(attrs={"type": "email"})),
        "address": forms.CharField(label="通信地址", max_length=300, required=False),
        "postcode": forms.CharField(label="邮政编码", max_length=6, required=False),
        "form": forms.ChoiceField(label="所需信息的提供形式", choices=[(v, v) for v in FORMS.values()])
        if required else forms.CharField(label="提供形式", max_length=50, required=False),
        "delivery": forms.ChoiceField(label="获取信息的方式", required=required,
                                      choices=([] if required else [("", "（未说明）")]) + Delivery.choices),
    }


def check_applicant_in(form, data: dict, required: bool) -> dict:
    """The form's particulars checked as the register checks them; errors on the form."""
    try:
        data.update(check_applicant({k: data.get(k) for k in APPLICANT}, required=required))
    except GongkaiError as err:
        form.add_error(None, chinese(str(err)))
    return data


class PublicForm(forms.Form):
    """An application made online by the applicant (第二十九条): who asks, how to reach
    them, what is asked for and in what form."""

    agency = forms.ModelChoiceField(Agency.objects.none(), label="向哪个机关申请", empty_label=None)
    applicant = forms.CharField(label="申请人姓名或者名称", max_length=200)
    applicant_type = forms.ChoiceField(label="申请人类型", choices=ApplicantType.choices)
    subject = forms.CharField(label="所需政府信息的名称、文号或者便于查询的其他特征性描述", max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    website = forms.CharField(label="网址（请留空）", required=False, max_length=200,  # left empty by people; bots fill it
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(applicant_fields(required=True))
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError("提交未被接受")
        return check_applicant_in(self, data, required=True)


class StatusForm(forms.Form):
    code = forms.CharField(label="查询码", max_length=30, widget=forms.TextInput(attrs={"autocomplete": "off"}))


class CaseForm(forms.Form):
    agency = forms.ModelChoiceField(Agency.objects.none(), label="机关", empty_label=None)
    number = forms.CharField(label="编号", max_length=50)
    applicant = forms.CharField(label="申请人", max_length=200)
    applicant_type = forms.ChoiceField(label="申请人类型", choices=ApplicantType.choices)
    channel = forms.ChoiceField(label="申请方式", choices=Channel.choices)
    submitted = forms.DateField(label="提交日期", widget=forms.DateInput(attrs={"type": "date"}))
    confirmed = forms.DateField(label="签收/双方确认日期（邮寄、网络、传真必填）", required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    subject = forms.CharField(label="申请内容", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(applicant_fields(required=False))  # a letter or a visit may lack some: then 补正
        if agencies is not None:
            self.fields["agency"].queryset = agencies

    def clean(self):
        return check_applicant_in(self, no_date_to_come(self, super().clean()), required=False)


CONSULTED = {"third_party": "第三方", "co_maker": "共同制作机关"}


def _d(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))


MOVES = {  # move → (button text, fields)
    "request_correction": ("发出补正告知", {"on": _d("告知日期"), "deadline": _d("补正期限"),
                                         "items": forms.CharField(label="需要补正的事项（写入补正告知书，第三十条）",
                                                                  max_length=1000,
                                                                  widget=forms.Textarea(attrs={"rows": 2}))}),
    "correction_received": ("收到补正", {"on": _d("收到日期")}),
    "consultation": ("征求意见", {"kind": forms.ChoiceField(label="对象", choices=list(CONSULTED.items())),
                              "party": forms.CharField(label="第三方或共同制作机关名称", max_length=200, required=False),
                              "sent": _d("发出日期"), "answered": _d("答复日期", False)}),
    "extend": ("延长答复期限", {"on": _d("批准日期"),
                           "days": forms.IntegerField(label="延长工作日数", min_value=1, max_value=20),
                           "notified": _d("告知申请人日期")}),
    "fee_notice": ("发出收费通知", {"on": _d("通知日期"),
                                 "amount_yuan": forms.IntegerField(label="金额（元）", min_value=1, max_value=LARGEST_FEE),
                               "delivered": _d("申请人收到日期")}),
    "fee_paid": ("登记缴费", {"on": _d("缴费日期")}),
    "close": ("办结", {"outcome": forms.ChoiceField(label="办理结果", choices=Outcome.choices),
                     "reply_type": forms.ChoiceField(label="答复类型（第三十六条）", required=False,
                                                     choices=[("", "—")] + ReplyType.choices),
                     "reasons": forms.CharField(label="理由或说明（写入答复书：不予公开、无法提供、不予处理的理由，"
                                                      "已公开信息的获取途径等）", required=False, max_length=2000,
                                                widget=forms.Textarea(attrs={"rows": 3})),
                     "served": _d("送达日期")}),
}


def _clean_close(form) -> dict:
    data = no_date_to_come(form, forms.Form.clean(form))
    outcome, reply = data.get("outcome"), data.get("reply_type") or None
    if outcome and not (data.get("reasons") or "").strip() and needs_reasons(outcome, reply):
        form.add_error("reasons", f"办理结果为“{TABLE_B_ROW[outcome].label}”的，答复书须写明理由或说明")
    return data


def _clean_consultation(form) -> dict:
    data = no_date_to_come(form, forms.Form.clean(form))
    if data.get("kind") == "third_party" and not (data.get("party") or "").strip():
        form.add_error("party", "征求第三方意见须写明第三方名称（写入征询函）")
    return data


def _clean_dates(form) -> dict:
    return no_date_to_come(form, forms.Form.clean(form))


_CLEAN = {"close": _clean_close, "consultation": _clean_consultation}


def move_form(move: str, data=None) -> forms.Form:
    attrs = dict(MOVES[move][1]) | {"clean": _CLEAN.get(move, _clean_dates)}
    return type(f"{move}Form", (forms.Form,), attrs)(data, prefix=move)


class AgencyLetterForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["review_body", "court", "letter_prefix", "replies_signed"]


class TemplateForm(forms.Form):
    title = forms.CharField(label="标题", max_length=100)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 10}))

    def clean(self):
        data = super().clean()
        if data.get("title") and data.get("body"):
            try:  # every placeholder known and the braces well formed
                fill(Template(data["title"], data["body"]), {name: name for name in PLACEHOLDERS})
            except GongkaiError as err:
                raise forms.ValidationError(chinese(str(err))) from None
        return data


def _text(label: str, required: bool = False, rows: int = 0) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label, required=required, max_length=2000, **({"widget": widget} if widget else {}))


# what an approver may correct in each step (None: the registration), as the step records it
CORRECTABLE = {
    None: {"applicant": _text("申请人", True), "applicant_type": forms.ChoiceField(label="申请人类型",
                                                                                   choices=ApplicantType.choices),
           "channel": forms.ChoiceField(label="申请方式", choices=Channel.choices), "submitted": _d("提交日期"),
           "confirmed": _d("签收/双方确认日期", False), "subject": _text("申请内容", rows=2),
           "form": _text("提供形式"),
           **{k: v for k, v in applicant_fields(required=False).items() if k != "form"}},
    "correction_notice": {"on": _d("告知日期"), "deadline": _d("补正期限"), "items": _text("需要补正的事项", True, 2)},
    "correction_received": {"on": _d("收到日期")},
    "consultation": {"on": _d("发出日期"), "until": _d("答复日期"), "party": _text("第三方或共同制作机关名称")},
    "extension": {"on": _d("批准日期"), "days": forms.IntegerField(label="延长工作日数", min_value=1, max_value=20),
                  "notified": _d("告知申请人日期")},
    "agency_date": {"on": _d("告知日期"), "due": _d("期限"), "reason": _text("理由", True)},
    "fee_notice": {"on": _d("通知日期"), "amount": forms.IntegerField(label="金额（元）", min_value=1, max_value=LARGEST_FEE),
                   "delivered": _d("申请人收到日期")},
    "fee_paid": {"on": _d("缴费日期")},
    "closed": {"outcome": forms.ChoiceField(label="办理结果", choices=Outcome.choices),
               "reply_type": forms.ChoiceField(label="答复类型（第三十六条）", required=False,
                                               choices=[("", "—")] + ReplyType.choices),
               "reasons": _text("理由或说明", rows=3), "served": _d("送达日期"), "on": _d("办结日期")},
}


def correction_form(kind: str | None, data=None, initial=None, prefix: str = "fix") -> forms.Form:
    """The form correcting a step (or the registration): its fields as recorded, the
    reason (required), and — for a step — voiding it instead."""
    attrs = dict(CORRECTABLE[kind]) | {
        "reason": forms.CharField(label="更正或作废的理由（记入审计记录）", max_length=250),
        "clean": _clean_dates}
    if kind is not None:
        attrs["void"] = forms.BooleanField(label="作废这一记录（而不是更正）", required=False)
    return type("CorrectionForm", (forms.Form,), attrs)(data, initial=initial, prefix=prefix)


def reply_form(data=None, initial=None) -> forms.Form:
    """A reply drafted for 送审: the closing's outcome, reply type and reasons, checked as
    the closing checks them (without the 送达 date, which comes after 签发)."""
    fields = {k: v for k, v in MOVES["close"][1].items() if k != "served"}
    return type("ReplyForm", (forms.Form,), fields | {"clean": _clean_close})(data, initial=initial, prefix="draft")


class ServeForm(forms.Form):
    served = _d("送达日期")

    def clean(self):
        return no_date_to_come(self, super().clean())


class ReturnForm(forms.Form):
    note = forms.CharField(label="退回理由", max_length=250)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=AttachmentKind.choices)
    file = forms.FileField(label="文件")


class ReviewForm(forms.ModelForm):
    """A 行政复议 or 行政诉讼 over a disclosure decision (table 三): the request it arose from
    named by its number in the agency's register."""

    request_number = forms.CharField(label="所涉申请编号（可不填）", max_length=50, required=False)

    class Meta:
        model = Review
        fields = ("agency", "number", "kind", "filed", "decided", "outcome")
        widgets = {"filed": forms.DateInput(attrs={"type": "date"}), "decided": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()
        self.fields["agency"].empty_label = None
        if self.instance.pk and self.instance.case_id:
            self.fields["request_number"].initial = self.instance.case.number

    def clean(self):
        data = no_date_to_come(self, super().clean())
        filed, decided, outcome = data.get("filed"), data.get("decided"), data.get("outcome")
        if decided and filed and decided < filed:
            self.add_error("decided", "审结日期不能早于受理日期")
        if outcome and not decided:
            self.add_error("outcome", "尚未审结的，不填结果")
        if decided and not outcome:
            self.add_error("outcome", "已审结的，请填写结果（维持、纠正或其他）")
        number = (data.get("request_number") or "").strip()
        self.case = None
        if number and data.get("agency"):
            self.case = data["agency"].cases.filter(number=number, voided=False).first()
            if self.case is None:
                self.add_error("request_number", f"本机关台账中没有编号为“{number}”的申请")
        return data


class DocumentForm(forms.ModelForm):
    """A 规章 or 行政规范性文件 the agency issued (table 一): issued, and repealed if it was."""

    class Meta:
        model = NormativeDocument
        fields = ("agency", "number", "title", "kind", "issued", "repealed")
        widgets = {"issued": forms.DateInput(attrs={"type": "date"}), "repealed": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()
        self.fields["agency"].empty_label = None

    def clean(self):
        data = no_date_to_come(self, super().clean())
        if data.get("repealed") and data.get("issued") and data["repealed"] < data["issued"]:
            self.add_error("repealed", "废止日期不能早于制发日期")
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label="更正或作废的理由", max_length=200)
