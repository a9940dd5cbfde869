"""Login is required on every page; the API answers for itself (401 without a token).
Every change made during a request is audited under the user who made it."""

from django.contrib.auth.middleware import LoginRequiredMiddleware

from ..records.models import acting_as


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
