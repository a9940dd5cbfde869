"""The REST API under /api/, described by OpenAPI at /api/openapi.json with
interactive docs at /api/docs (assets served locally). Token auth:
`Authorization: Bearer <token>`; anonymous calls get 401. Each app brings its routes;
access follows the same agency boundaries as the screens."""

from __future__ import annotations

from django.http import Http404
from ninja import NinjaAPI
from ninja.security import HttpBearer

from .accounts.services import user_for_token
from .register.api import router as register
from .reports.api import router as reports


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(title="gongkai 政府信息公开工作平台 API", version="1", auth=TokenAuth(),
               description="年报读取与检查、依申请公开台账。Token 认证：Authorization: Bearer <token>。")
api.add_router("/", reports)
api.add_router("/", register)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "没有找到"}, status=404)
