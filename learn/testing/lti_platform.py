"""A small LTI 1.3 Advantage platform (an LMS) for the tests and for trying LTI by hand, on loopback.

It does what the IMS specifications ask of a platform, and checks what they ask of a tool as
strictly as the strictest LMS does:

- OIDC third-party login (IMS Security Framework 1.0 §5.1): an authorization endpoint that
  checks scope, response type and mode, prompt, client id, the registered redirect URI, the
  login hint, state and nonce, and answers with a signed id_token posted back by a form;
- its own RSA key and JWKS; a token endpoint for client credentials that verifies the tool's
  JWT assertion against the tool's JWKS (§4.1), with scopes;
- Resource link launches (LTI Core 1.3 §5.4) with context, roles, AGS and NRPS claims;
- Deep Linking 2.0: the request, and a return endpoint that verifies the tool's signed response
  and creates the link and its line item;
- Assignment and Grade Services 2.0: line items and a scores endpoint that checks the token's
  scope, the media type, every field and that a timestamp is newer than the last (as Canvas);
- Names and Role Provisioning Services 2.0: a member list in pages (Link rel="next");
- Dynamic Registration 1.0: an OpenID configuration, a registration endpoint with a one-time
  registration token, and an admin page that frames the tool's registration link and
  listens for ``org.imsglobal.lti.close``.

Its course pages embed the tool in an iframe. The platform is ``http://127.0.0.1:PORT`` and the
tests reach Leerpad as ``http://localhost:PORT``: two sites, so the frame is cross-site.

By hand, beside ``scripts/run``: ``.venv/bin/python -m learn.testing.lti_platform`` serves it on
http://localhost:8081 (Leerpad on 127.0.0.1: another site) and prints what to open.
"""

import contextlib
import functools
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from urllib.parse import urlencode

import jwt
import requests
from flask import Flask, Response, abort, jsonify, request
from jwcrypto.jwk import JWK
from werkzeug.serving import make_server

from learn.testing.loopback import free_port

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
RESULT = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
MEMBERSHIPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
ROLES = {
    "learner": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
    "instructor": [
        "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
        "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Faculty",
    ],
}
PROGRESS = {"Initialized", "Started", "InProgress", "Submitted", "Completed"}
GRADING = {"FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"}
MEMBERS_PER_PAGE = 2


@dataclass
class Tool:
    client_id: str
    deployment_id: str
    login_url: str
    redirect_uris: list[str]
    jwks_url: str
    scopes: list[str]
    name: str = "Leerpad"


@dataclass
class User:
    id: str
    name: str
    role: str
    email: str = ""


@dataclass
class Link:
    id: str
    context: str
    title: str
    url: str
    lineitem: str | None = None


@dataclass
class LineItem:
    id: str
    context: str
    label: str
    score_maximum: float
    resource_id: str = ""
    tag: str = ""
    scores: list[dict] = field(default_factory=list)


@functools.cache
def platform_key() -> JWK:
    """The platforms' RSA key, made once per process: making one takes a noticeable part of a test."""
    return JWK.generate(kty="RSA", size=2048)


class TestPlatform:
    """The LMS. ``tamper`` changes the next id_token (a key to sign with, claims to set or drop)."""

    __test__ = False  # not a test class, whatever its name

    def __init__(self, host: str = "127.0.0.1", port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://{host}:{self.port}"
        self.issuer = self.url
        self.key = platform_key()
        self.kid = self.key.thumbprint()
        self.tools: dict[str, Tool] = {}
        self.users: dict[str, User] = {}
        self.courses: dict[str, dict] = {}
        self.links: dict[str, Link] = {}
        self.lineitems: dict[str, LineItem] = {}
        self.tokens: dict[str, tuple[str, set[str]]] = {}
        self.registration_tokens: set[str] = set()
        self.registrations: list[dict] = []
        self.deep_link_returns: list[dict] = []
        self.used_jtis: set[str] = set()
        self.tamper: dict = {}
        self.token_audience = f"{self.url}/token"  # what client assertions must name; Brightspace's differs
        self.sent_nonces: list[str] = []
        self._lock = threading.Lock()
        self._server = None
        self.app = self._make_app()

    # --- running -----------------------------------------------------------

    def start(self) -> "TestPlatform":
        self._server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # --- set-up by the test ------------------------------------------------

    def add_tool(self, tool: Tool) -> Tool:
        self.tools[tool.client_id] = tool
        return tool

    def add_user(self, user_id: str, name: str, role: str, email: str = "") -> User:
        self.users[user_id] = user = User(user_id, name, role, email)
        return user

    def add_course(self, context_id: str, title: str, members: list[str]) -> None:
        self.courses[context_id] = {"title": title, "members": members}

    def add_link(self, context_id: str, title: str, url: str, graded: bool = True, tag: str = "") -> Link:
        link = Link(f"rl-{len(self.links) + 1}", context_id, title, url)
        if graded:
            link.lineitem = self._new_lineitem(context_id, title, 100, link.id, tag).id
        self.links[link.id] = link
        return link

    def _new_lineitem(self, context_id, label, maximum, resource_id="", tag="") -> LineItem:
        item = LineItem(f"li-{len(self.lineitems) + 1}", context_id, label, maximum, resource_id, tag)
        self.lineitems[item.id] = item
        return item

    def lineitem_url(self, item_id: str) -> str:
        return f"{self.url}/api/courses/{self.lineitems[item_id].context}/LineItems/{item_id}"

    def jwks(self) -> dict:
        return {"keys": [{**json.loads(self.key.export_public()), "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def scores_for(self, user_id: str) -> list[dict]:
        return [score for item in self.lineitems.values() for score in item.scores if score["userId"] == user_id]

    # --- what a page in the LMS does -----------------------------------------

    def login_initiation(self, tool: Tool, user_id: str, hint: str, target: str) -> str:
        """The tool's login URL as the platform opens it (LTI Core §4.1 / Security §5.1.1.1)."""
        params = {
            "iss": self.issuer,
            "login_hint": user_id,
            "target_link_uri": target,
            "lti_message_hint": hint,
            "client_id": tool.client_id,
            "lti_deployment_id": tool.deployment_id,
        }
        return f"{tool.login_url}?{urlencode(params)}"

    def course_page_url(self, link: Link, user_id: str) -> str:
        return f"{self.url}/course/{link.context}/link/{link.id}?user={user_id}"

    def add_page_url(self, context_id: str, user_id: str) -> str:
        return f"{self.url}/course/{context_id}/add?user={user_id}"

    def register_page_url(self, registration_url: str) -> str:
        return f"{self.url}/admin/tools/register?{urlencode({'url': registration_url})}"

    # --- the id_token ----------------------------------------------------------

    def id_token(self, tool: Tool, user: User, hint: str, nonce: str) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": tool.client_id,
            "azp": tool.client_id,
            "sub": user.id,
            "exp": now + 300,
            "iat": now,
            "nonce": nonce,
            "name": user.name,
            "given_name": user.name.split()[0],
            "family_name": user.name.split()[-1],
            LTI + "version": "1.3.0",
            LTI + "deployment_id": tool.deployment_id,
            LTI + "roles": ROLES[user.role],
            LTI + "launch_presentation": {"document_target": "iframe", "locale": "nl-NL"},
            LTI + "tool_platform": {"guid": "test-lms", "name": "Test-LMS", "product_family_code": "test-lms"},
        }
        if user.email:
            claims["email"] = user.email
        kind, _, ref = hint.partition(":")
        if kind == "link":
            link = self.links[ref]
            course = self.courses[link.context]
            claims |= {
                LTI + "message_type": "LtiResourceLinkRequest",
                LTI + "target_link_uri": link.url,
                LTI + "resource_link": {"id": link.id, "title": link.title},
                LTI + "context": {"id": link.context, "title": course["title"], "type": ["CourseSection"]},
                AGS_CLAIM: {
                    "scope": [SCORE, LINEITEM, RESULT],
                    "lineitems": f"{self.url}/api/courses/{link.context}/LineItems",
                    **({"lineitem": self.lineitem_url(link.lineitem)} if link.lineitem else {}),
                },
                NRPS_CLAIM: {
                    "context_memberships_url": f"{self.url}/api/courses/{link.context}/Memberships",
                    "service_versions": ["2.0"],
                },
            }
        elif kind == "deeplink":
            course = self.courses[ref]
            claims |= {
                LTI + "message_type": "LtiDeepLinkingRequest",
                LTI + "target_link_uri": tool.redirect_uris[0],
                LTI + "context": {"id": ref, "title": course["title"]},
                DL + "deep_linking_settings": {
                    "deep_link_return_url": f"{self.url}/course/{ref}/deep-link-return",
                    "accept_types": ["ltiResourceLink"],
                    "accept_presentation_document_targets": ["iframe", "window"],
                    "accept_multiple": False,
                    "accept_lineitem": True,
                    "auto_create": True,
                    "title": course["title"],
                    "data": f"dl-{ref}-{secrets.token_hex(4)}",
                },
            }
        key, tamper = self.key, dict(self.tamper)
        self.tamper = {}
        if "sign_with" in tamper:
            key = tamper.pop("sign_with")
        for name in tamper.pop("drop", ()):
            claims.pop(name, None)
        claims |= tamper
        return jwt.encode(claims, key.export_to_pem(private_key=True, password=None), "RS256", {"kid": self.kid})

    # --- the Flask app -------------------------------------------------------

    def _tool_from_assertion(self, assertion: str, audience: str) -> Tool:
        """The tool a client assertion or deep-linking response comes from, verified with its JWKS."""
        unverified = jwt.decode(assertion, options={"verify_signature": False})
        tool = self.tools.get(unverified.get("iss"))
        if tool is None:
            abort(401, "unknown client")
        keys = requests.get(tool.jwks_url, timeout=10).json()
        kid = jwt.get_unverified_header(assertion).get("kid")
        key = next((k for k in keys["keys"] if k.get("kid") == kid), None)
        if key is None:
            abort(401, f"no key {kid} in the tool's JWKS")
        public = JWK(**key).export_to_pem()
        try:
            return tool, jwt.decode(
                assertion, public, algorithms=["RS256"], audience=audience, options={"require": ["exp", "iat"]}
            )
        except jwt.InvalidTokenError as error:
            abort(401, f"assertion: {error}")

    def _bearer(self, scope: str) -> str:
        header = request.headers.get("Authorization", "")
        token = self.tokens.get(header.removeprefix("Bearer ")) if header.startswith("Bearer ") else None
        if token is None:
            abort(401, "no valid access token")
        if scope not in token[1]:
            abort(403, f"the token lacks {scope}")
        return token[0]

    def _make_app(self) -> Flask:
        app = Flask("test-lms")
        platform = self

        @app.get("/jwks")
        def jwks():
            return jsonify(platform.jwks())

        @app.get("/course/<context_id>")
        def course_index(context_id):
            user = request.args.get("user", "")
            items = "".join(
                f'<li><a href="{escape(platform.course_page_url(link, user))}">{escape(link.title)}</a></li>'
                for link in platform.links.values()
                if link.context == context_id
            )
            add = f'<p><a href="{escape(platform.add_page_url(context_id, user))}">Activiteit toevoegen</a></p>'
            grades = f'<p><a href="{platform.url}/course/{context_id}/gradebook">Cijferoverzicht</a></p>'
            return _page(platform.courses[context_id]["title"], f"<ul>{items}</ul>{add}{grades}")

        @app.get("/course/<context_id>/gradebook")
        def gradebook(context_id):
            rows = "".join(
                f"<tr><td>{escape(item.label)}</td><td>{escape(score['userId'])}</td>"
                f"<td>{score.get('scoreGiven', '')} / {score.get('scoreMaximum', '')}</td>"
                f"<td>{escape(score['activityProgress'])}, {escape(score['gradingProgress'])}</td>"
                f"<td>{escape(score['timestamp'])}</td></tr>"
                for item in platform.lineitems.values()
                if item.context == context_id
                for score in item.scores
            )
            return _page("Cijferoverzicht", f"<table>{rows}</table>")

        @app.get("/course/<context_id>/link/<link_id>")
        def course_page(context_id, link_id):
            link, user = platform.links[link_id], request.args["user"]
            tool = next(iter(platform.tools.values()))
            src = platform.login_initiation(tool, user, f"link:{link.id}", link.url)
            return _page(link.title, f'<iframe id="tool" title="{escape(link.title)}" src="{escape(src)}"></iframe>')

        @app.get("/course/<context_id>/add")
        def add_page(context_id):
            tool = next(iter(platform.tools.values()))
            hint = f"deeplink:{context_id}"
            src = platform.login_initiation(tool, request.args["user"], hint, tool.redirect_uris[0])
            return _page("Activiteit toevoegen", f'<iframe id="tool" title="Leerpad" src="{escape(src)}"></iframe>')

        @app.route("/auth", methods=["GET", "POST"])
        def authorize():
            values = request.values
            expected = {"scope": "openid", "response_type": "id_token", "response_mode": "form_post", "prompt": "none"}
            for name, value in expected.items():
                if values.get(name) != value:
                    abort(400, f"{name} must be {value}")
            tool = platform.tools.get(values.get("client_id", ""))
            if tool is None or values.get("redirect_uri") not in tool.redirect_uris:
                abort(400, "unknown client or unregistered redirect_uri")
            user = platform.users.get(values.get("login_hint", ""))
            if user is None or not values.get("state") or not values.get("nonce"):
                abort(400, "login_hint, state and nonce are required")
            platform.sent_nonces.append(values["nonce"])
            token = platform.id_token(tool, user, values.get("lti_message_hint", ""), values["nonce"])
            return _autopost(values["redirect_uri"], {"id_token": token, "state": values["state"]})

        @app.post("/token")
        def token():
            form = request.form
            if form.get("grant_type") != "client_credentials" or form.get("client_assertion_type") != (
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
            ):
                abort(400, "client_credentials with a JWT assertion only")
            tool, claims = platform._tool_from_assertion(form.get("client_assertion", ""), platform.token_audience)
            if claims.get("sub") != tool.client_id or claims.get("jti") in platform.used_jtis:
                abort(401, "sub must be the client id and jti used once")
            platform.used_jtis.add(claims["jti"])
            scopes = set(form.get("scope", "").split())
            if not scopes or not scopes <= set(tool.scopes):
                abort(400, f"scopes {sorted(scopes - set(tool.scopes))} not granted")
            access_token = secrets.token_urlsafe(24)
            platform.tokens[access_token] = (tool.client_id, scopes)
            return jsonify(access_token=access_token, token_type="Bearer", expires_in=3600, scope=" ".join(scopes))  # noqa: S106

        @app.post("/api/courses/<context_id>/LineItems/<item_id>/scores")
        def scores(context_id, item_id):
            platform._bearer(SCORE)
            item = platform.lineitems.get(item_id) or abort(404)
            if request.mimetype != "application/vnd.ims.lis.v1.score+json":
                abort(415, "scores are application/vnd.ims.lis.v1.score+json")
            score = request.get_json(force=True)
            if score.get("userId") not in platform.courses[item.context]["members"]:
                abort(400, "userId is not a member of the course")
            if score.get("activityProgress") not in PROGRESS or score.get("gradingProgress") not in GRADING:
                abort(400, "activityProgress and gradingProgress must be AGS values")
            moment = datetime.fromisoformat(score.get("timestamp", ""))
            if moment.tzinfo is None or "." not in score["timestamp"]:
                abort(400, "timestamp: ISO 8601 with sub-second precision and a zone")
            if "scoreGiven" in score and not (
                isinstance(score["scoreGiven"], int | float) and score["scoreGiven"] >= 0 and score["scoreMaximum"] > 0
            ):
                abort(400, "scoreGiven needs scoreMaximum")
            with platform._lock:
                earlier = [s for s in item.scores if s["userId"] == score["userId"]]
                if earlier and datetime.fromisoformat(earlier[-1]["timestamp"]) >= moment:
                    abort(400, "a score must be newer than the last one")
                item.scores.append(score)
            return jsonify(resultUrl=f"{platform.lineitem_url(item_id)}/results/{score['userId']}")

        @app.get("/api/courses/<context_id>/Memberships")
        def memberships(context_id):
            platform._bearer(MEMBERSHIPS)
            if "application/vnd.ims.lti-nrps.v2.membershipcontainer+json" not in request.headers.get("Accept", ""):
                abort(406)
            members = platform.courses[context_id]["members"]
            page = int(request.args.get("Page", 1))
            chunk = members[(page - 1) * MEMBERS_PER_PAGE : page * MEMBERS_PER_PAGE]
            body = {
                "id": request.url,
                "context": {"id": context_id, "title": platform.courses[context_id]["title"]},
                "members": [
                    {
                        "status": "Active",
                        "user_id": user_id,
                        "name": platform.users[user_id].name,
                        "roles": ROLES[platform.users[user_id].role],
                    }
                    for user_id in chunk
                ],
            }
            response = Response(json.dumps(body), mimetype="application/vnd.ims.lti-nrps.v2.membershipcontainer+json")
            if page * MEMBERS_PER_PAGE < len(members):
                response.headers["Link"] = (
                    f'<{platform.url}/api/courses/{context_id}/Memberships?Page={page + 1}>; rel="next"'
                )
            return response

        @app.post("/course/<context_id>/deep-link-return")
        def deep_link_return(context_id):
            tool, claims = platform._tool_from_assertion(request.form.get("JWT", ""), platform.issuer)
            if claims.get(LTI + "message_type") != "LtiDeepLinkingResponse" or claims.get(LTI + "version") != "1.3.0":
                abort(400, "not a deep-linking response")
            if claims.get(LTI + "deployment_id") != tool.deployment_id or not claims.get("nonce"):
                abort(400, "deployment_id and nonce are required")
            if not str(claims.get(DL + "data", "")).startswith(f"dl-{context_id}-"):
                abort(400, "the data claim must come back as sent")
            added = []
            for item in claims.get(DL + "content_items", []):
                if item.get("type") != "ltiResourceLink" or not item.get("url", "").startswith("http"):
                    abort(400, "only ltiResourceLink items with a url")
                line = item.get("lineItem")
                link = platform.add_link(context_id, item["title"], item["url"], graded=False)
                if line:
                    if not line.get("scoreMaximum", 0) > 0:
                        abort(400, "a line item needs scoreMaximum > 0")
                    lineitem = platform._new_lineitem(
                        context_id,
                        line.get("label", item["title"]),
                        line["scoreMaximum"],
                        line.get("resourceId", ""),
                        line.get("tag", ""),
                    )
                    link.lineitem = lineitem.id
                added.append(link)
            platform.deep_link_returns.append(claims)
            titles = "".join(f"<li>{escape(link.title)}</li>" for link in added)
            return _page("Toegevoegd", f'<ul id="added">{titles}</ul>')

        @app.get("/openid-configuration")
        def openid_configuration():
            return jsonify(
                {
                    "issuer": platform.issuer,
                    "authorization_endpoint": f"{platform.url}/auth",
                    "token_endpoint": f"{platform.url}/token",
                    "token_endpoint_auth_methods_supported": ["private_key_jwt"],
                    "authorization_server": platform.token_audience,
                    "token_endpoint_auth_signing_alg_values_supported": ["RS256"],
                    "jwks_uri": f"{platform.url}/jwks",
                    "registration_endpoint": f"{platform.url}/register",
                    "scopes_supported": ["openid", SCORE, LINEITEM, RESULT, MEMBERSHIPS],
                    "response_types_supported": ["id_token"],
                    "subject_types_supported": ["public", "pairwise"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "claims_supported": ["sub", "iss", "name", "given_name", "family_name", "email"],
                    "https://purl.imsglobal.org/spec/lti-platform-configuration": {
                        "product_family_code": "test-lms",
                        "version": "1.0",
                        "messages_supported": [{"type": "LtiResourceLinkRequest"}, {"type": "LtiDeepLinkingRequest"}],
                    },
                }
            )

        @app.post("/register")
        def register():
            token = request.headers.get("Authorization", "").removeprefix("Bearer ")
            if token not in platform.registration_tokens:
                abort(401, "registration token missing, wrong or used")
            platform.registration_tokens.discard(token)
            body = request.get_json(force=True)
            configuration = body.get("https://purl.imsglobal.org/spec/lti-tool-configuration") or {}
            problems = [
                "response_types" if "id_token" not in body.get("response_types", []) else None,
                "redirect_uris" if not isinstance(body.get("redirect_uris"), list) else None,
                "token_endpoint_auth_method" if body.get("token_endpoint_auth_method") != "private_key_jwt" else None,
                "application_type" if body.get("application_type", "web") != "web" else None,
                *(name for name in ("initiate_login_uri", "jwks_uri", "client_name") if not body.get(name)),
                *(name for name in ("domain", "target_link_uri") if not configuration.get(name)),
            ]
            if any(problems):
                abort(400, f"invalid: {[p for p in problems if p]}")
            client_id = f"client-{len(platform.tools) + 1}"
            tool = platform.add_tool(
                Tool(
                    client_id=client_id,
                    deployment_id=f"deployment-{len(platform.tools) + 1}",
                    login_url=body["initiate_login_uri"],
                    redirect_uris=body["redirect_uris"],
                    jwks_url=body["jwks_uri"],
                    scopes=body.get("scope", "").split(),
                    name=body["client_name"],
                )
            )
            platform.registrations.append(body)
            return jsonify(
                {
                    **body,
                    "client_id": client_id,
                    "https://purl.imsglobal.org/spec/lti-tool-configuration": {
                        **configuration,
                        "deployment_id": tool.deployment_id,
                    },
                }
            )

        @app.get("/admin/tools/register")
        def register_page():
            token = secrets.token_urlsafe(16)
            platform.registration_tokens.add(token)
            params = {"openid_configuration": f"{platform.url}/openid-configuration", "registration_token": token}
            src = f"{request.args['url']}?{urlencode(params)}"
            script = (
                "<script>window.addEventListener('message', e => {"
                " if (e.data && e.data.subject === 'org.imsglobal.lti.close') {"
                " document.getElementById('status').textContent = 'closed'; } });</script>"
            )
            frame = f'<p id="status">open</p><iframe id="tool" title="Leerpad" src="{escape(src)}"></iframe>'
            return _page("Tool registreren", frame + script)

        return app


def _page(title: str, body: str) -> str:
    return (
        f"<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>{escape(title)}</title>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<style>body{margin:0;font-family:sans-serif} iframe{border:0;width:100%;height:95vh}</style>"
        f"</head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )


def _autopost(action: str, fields: dict) -> str:
    inputs = "".join(f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">' for k, v in fields.items())
    return (
        f'<!doctype html><html><body><form id="post" method="post" action="{escape(action)}">{inputs}</form>'
        "<script>document.getElementById('post').submit();</script></body></html>"
    )


def main() -> None:
    """A demo LMS beside ``scripts/run``: register Leerpad in it, add a module, take it as a learner."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--host", default="localhost", help="the name it is reached by (another site than Leerpad's)")
    parser.add_argument("--port", type=int, default=8081)
    arguments = parser.parse_args()
    platform = TestPlatform(arguments.host, arguments.port)
    platform.add_user("docent", "Tineke de Docent", "instructor")
    platform.add_user("cursist", "Sam de Vries", "learner")
    platform.add_course("demo", "Jongerenwerk (demo)", ["docent", "cursist"])
    print(
        f"Test LMS on {platform.url}\n"
        "1. In Leerpad, as beheerder@leerpad.local: /beheer/lti, 'Nieuwe koppellink maken', copy the link.\n"
        f"2. Open {platform.url}/admin/tools/register?url=<the link> and click 'Koppelen'.\n"
        f"3. As the instructor, add a module: {platform.add_page_url('demo', 'docent')}\n"
        f"4. As the learner, open it: {platform.url}/course/demo?user=cursist  (grades: /course/demo/gradebook)",
        flush=True,
    )
    server = make_server("127.0.0.1", platform.port, platform.app, threaded=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
