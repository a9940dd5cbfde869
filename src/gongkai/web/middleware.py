"""Login is required on every page; the API answers for itself (401 without a token).
Every change made during a request is audited under the user who made it."""

from django.contrib.auth.middleware import LoginRequiredMiddleware

from .audit.services import acting_as


class LoginRequired(LoginRequiredMiddleware):
    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class ActingAs:
    """Changes made in a logged-in request (also through /admin/) are the user's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated:
            return self.get_response(request)
        with acting_as(request.user.get_username()):
            return self.get_response(request)


class RequestSize:
    """A request whose declared body exceeds MAX_REQUEST_BYTES is answered 413 before
    any of it is read (Django streams uploads to disk, but would take them whole)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.http import HttpResponse

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return HttpResponse(f"上传内容过大：{length / 1048576:.0f} MB，上限为 {settings.MAX_REQUEST_BYTES // 1048576} MB"
                                "（request too large）", status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


# everything the pages use is served by the platform itself (no CDN on an intranet)
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
                           "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


class ContentSecurityPolicy:
    """A Content-Security-Policy on every page but the API's interactive docs (which
    start Swagger UI with a script of their own)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/docs"):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
