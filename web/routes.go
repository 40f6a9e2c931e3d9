package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"ducha/access"
	"ducha/ledger"
	"ducha/supervise"
)

// Auth is who may reach a route at all; what they may do to a given
// commitment is decided by package supervise.
type Auth int

// Route access levels.
const (
	Public   Auth = iota // anyone, no login
	LoggedIn             // any signed-in user (or API token, for API routes)
	Needs                // a signed-in user allowed Route.Action (no single commitment)
)

// Route is one entry of the route table.
type Route struct {
	Method  string
	Pattern string
	Auth    Auth
	Action  access.Action // for Needs
	API     bool          // JSON in and out; accepts unit API tokens
	// Tokens: the route accepts a unit API token (API routes for units).
	h handler
}

type handler func(w http.ResponseWriter, r *http.Request, rq *request) error

// request is what the middleware learned about a request.
type request struct {
	Actor    supervise.Actor
	LoggedIn bool
	Token    bool   // authenticated by an API token (no session, no CSRF)
	Lang     string // zh-CN or en
	CSRF     string
	reports  *reportsOfRequest // see reportChoices
}

// Routes returns the route table (for documentation and the permission
// test).
func (s *Server) Routes() []Route { return s.routes() }

func (s *Server) routes() []Route {
	return []Route{
		// Sign in and out; language switch.
		{Method: "GET", Pattern: "/login", Auth: Public, h: s.loginPage},
		{Method: "POST", Pattern: "/login", Auth: Public, h: s.login},
		{Method: "POST", Pattern: "/logout", Auth: Public, h: s.logout},
		{Method: "GET", Pattern: "/lang/{lang}", Auth: Public, h: s.switchLang},

		// Internal pages.
		{Method: "GET", Pattern: "/{$}", Auth: Public, h: s.home}, // the dashboard, or the public site for a visitor
		{Method: "GET", Pattern: "/dashboard", Auth: LoggedIn, h: s.dashboard},
		{Method: "GET", Pattern: "/commitments", Auth: LoggedIn, h: s.commitmentList},
		{Method: "POST", Pattern: "/commitments/dispatch", Auth: Needs, Action: access.Dispatch, h: s.postDispatchMany},
		{Method: "POST", Pattern: "/commitments/exclude", Auth: Needs, Action: access.EditLedger, h: s.postExcludeMany},
		{Method: "POST", Pattern: "/commitments/include", Auth: Needs, Action: access.EditLedger, h: s.postIncludeMany},
		{Method: "POST", Pattern: "/commitments/bulk", Auth: Needs, Action: access.EditLedger, h: s.postBulk},
		{Method: "GET", Pattern: "/commitments/{id}", Auth: LoggedIn, h: s.commitmentPage},
		{Method: "POST", Pattern: "/commitments/{id}/plan", Auth: Needs, Action: access.EditLedger, h: s.postPlan},
		{Method: "POST", Pattern: "/commitments/{id}/confirm-lead", Auth: Needs, Action: access.EditLedger, h: s.postConfirmLead},
		{Method: "POST", Pattern: "/commitments/{id}/split", Auth: Needs, Action: access.EditLedger, h: s.postSplit},
		{Method: "POST", Pattern: "/commitments/{id}/unsplit", Auth: Needs, Action: access.EditLedger, h: s.postUnsplit},
		{Method: "GET", Pattern: "/reports/upload", Auth: Needs, Action: access.EditLedger, h: s.reportUploadPage},
		{Method: "POST", Pattern: "/reports/upload", Auth: Needs, Action: access.EditLedger, h: s.postReportUpload},
		{Method: "GET", Pattern: "/tasks/upload", Auth: Needs, Action: access.EditLedger, h: s.tasksUploadPage},
		{Method: "POST", Pattern: "/tasks/upload", Auth: Needs, Action: access.EditLedger, h: s.postTasksUpload},
		{Method: "POST", Pattern: "/tasks/apply", Auth: Needs, Action: access.EditLedger, h: s.postTasksApply},
		{Method: "GET", Pattern: "/commitments/{id}/evidence/{eid}", Auth: LoggedIn, h: s.evidenceFile},
		{Method: "POST", Pattern: "/commitments/{id}/dispatch", Auth: LoggedIn, h: s.postDispatch},
		{Method: "POST", Pattern: "/commitments/{id}/acknowledge", Auth: LoggedIn, h: s.postAcknowledge},
		{Method: "POST", Pattern: "/commitments/{id}/progress", Auth: LoggedIn, h: s.postProgress},
		{Method: "POST", Pattern: "/commitments/{id}/reports/{rid}/submit", Auth: LoggedIn, h: s.postSubmit},
		{Method: "POST", Pattern: "/commitments/{id}/reports/{rid}/evidence", Auth: LoggedIn, h: s.postEvidence},
		{Method: "POST", Pattern: "/commitments/{id}/reports/{rid}/review", Auth: LoggedIn, h: s.postReview},
		{Method: "POST", Pattern: "/commitments/{id}/close", Auth: LoggedIn, h: s.postClose},
		{Method: "POST", Pattern: "/commitments/{id}/reopen", Auth: LoggedIn, h: s.postReopen},
		{Method: "POST", Pattern: "/commitments/{id}/orders", Auth: LoggedIn, h: s.postOrder},
		{Method: "POST", Pattern: "/commitments/{id}/orders/{oid}/reply", Auth: LoggedIn, h: s.postReply},
		{Method: "GET", Pattern: "/commitments/{id}/orders/{oid}/document.docx", Auth: LoggedIn, h: s.orderDocument},
		{Method: "POST", Pattern: "/commitments/{id}/comments", Auth: LoggedIn, h: s.postComment},
		{Method: "POST", Pattern: "/commitments/{id}/kind", Auth: LoggedIn, h: s.postTargetKind},
		{Method: "POST", Pattern: "/commitments/{id}/exclude", Auth: LoggedIn, h: s.postExclude},
		{Method: "POST", Pattern: "/commitments/{id}/include", Auth: LoggedIn, h: s.postInclude},
		{Method: "GET", Pattern: "/units/{name}", Auth: LoggedIn, h: s.unitPage},
		{Method: "GET", Pattern: "/reports/{id}/text", Auth: LoggedIn, h: s.reader},
		{Method: "GET", Pattern: "/review", Auth: Needs, Action: access.Review, h: s.reviewQueue},
		{Method: "POST", Pattern: "/review/approve", Auth: Needs, Action: access.Review, h: s.postReviewApprove},
		{Method: "POST", Pattern: "/review/return", Auth: Needs, Action: access.Review, h: s.postReviewReturn},
		{Method: "GET", Pattern: "/export/tasks.xlsx", Auth: Needs, Action: access.Export, h: s.exportTasks},

		// 建议提案 (web/proposal_*.go): a unit reaches only the items it
		// leads or co-handles (404 else); what it may do is proposal.Apply.
		{Method: "GET", Pattern: "/proposals", Auth: LoggedIn, h: s.proposalList},
		{Method: "POST", Pattern: "/proposals/import", Auth: Needs, Action: access.Dispatch, h: s.postProposalImport},
		{Method: "GET", Pattern: "/proposals/stats", Auth: Needs, Action: access.Export, h: s.proposalStats},
		{Method: "GET", Pattern: "/proposals/stats.xlsx", Auth: Needs, Action: access.Export, h: s.proposalStatsXLSX},
		{Method: "GET", Pattern: "/proposals/{sid}", Auth: LoggedIn, h: s.proposalPage},
		{Method: "POST", Pattern: "/proposals/{sid}/assign", Auth: Needs, Action: access.Dispatch, h: s.postProposalAction("assign")},
		{Method: "POST", Pattern: "/proposals/{sid}/deadline", Auth: Needs, Action: access.Dispatch, h: s.postProposalAction("deadline")},
		{Method: "POST", Pattern: "/proposals/{sid}/adjust/decide", Auth: Needs, Action: access.Dispatch, h: s.postProposalAction("decide")},
		{Method: "POST", Pattern: "/proposals/{sid}/feedback-link", Auth: Needs, Action: access.Dispatch, h: s.postFeedbackLink},
		{Method: "POST", Pattern: "/proposals/{sid}/close", Auth: Needs, Action: access.Close, h: s.postProposalAction("close")},
		{Method: "POST", Pattern: "/proposals/{sid}/public", Auth: Needs, Action: access.EditLedger, h: s.postProposalPublic},
		{Method: "POST", Pattern: "/proposals/{sid}/acknowledge", Auth: LoggedIn, h: s.postProposalAction("acknowledge")},
		{Method: "POST", Pattern: "/proposals/{sid}/adjust", Auth: LoggedIn, h: s.postProposalAction("adjust")},
		{Method: "POST", Pattern: "/proposals/{sid}/contacts", Auth: LoggedIn, h: s.postProposalAction("contact")},
		{Method: "POST", Pattern: "/proposals/{sid}/reply", Auth: LoggedIn, h: s.postProposalAction("reply")},
		{Method: "POST", Pattern: "/proposals/{sid}/followups", Auth: LoggedIn, h: s.postProposalAction("followup")},
		// The deputy's feedback: no account, a single-use token.
		{Method: "GET", Pattern: "/feedback/{token}", Auth: Public, h: s.feedbackPage},
		{Method: "POST", Pattern: "/feedback/{token}", Auth: Public, h: s.postFeedback},
		// The major-project ledger (web/projects.go); per-project rights by
		// its owner unit.
		{Method: "GET", Pattern: "/projects", Auth: LoggedIn, h: s.projectList},
		{Method: "POST", Pattern: "/projects/upload", Auth: Needs, Action: access.EditLedger, h: s.postProjectUpload},
		{Method: "GET", Pattern: "/projects/links", Auth: Needs, Action: access.Export, h: s.projectLinksPage},
		{Method: "POST", Pattern: "/projects/links", Auth: Needs, Action: access.EditLedger, h: s.postProjectLink},
		{Method: "GET", Pattern: "/projects/{pid}", Auth: LoggedIn, h: s.projectPage},
		{Method: "POST", Pattern: "/projects/{pid}/dispatch", Auth: Needs, Action: access.Dispatch, h: s.postProjectDispatch},
		{Method: "POST", Pattern: "/projects/{pid}/acknowledge", Auth: LoggedIn, h: s.postProjectAcknowledge},
		{Method: "POST", Pattern: "/projects/{pid}/reports", Auth: LoggedIn, h: s.postProjectReport},
		{Method: "POST", Pattern: "/projects/{pid}/reports/{prid}/review", Auth: Needs, Action: access.Review, h: s.postProjectReview},

		// Administration.
		{Method: "GET", Pattern: "/admin/users", Auth: Needs, Action: access.ManageUsers, h: s.usersPage},
		{Method: "POST", Pattern: "/admin/users", Auth: Needs, Action: access.ManageUsers, h: s.postUser},
		{Method: "POST", Pattern: "/admin/users/{login}", Auth: Needs, Action: access.ManageUsers, h: s.postUserUpdate},
		{Method: "GET", Pattern: "/admin/settings", Auth: Needs, Action: access.ManageSettings, h: s.settingsPage},
		{Method: "POST", Pattern: "/admin/settings", Auth: Needs, Action: access.ManageSettings, h: s.postSettings},
		{Method: "GET", Pattern: "/admin/tokens", Auth: Needs, Action: access.ManageUsers, h: s.tokensPage},
		{Method: "POST", Pattern: "/admin/tokens", Auth: Needs, Action: access.ManageUsers, h: s.postToken},
		{Method: "POST", Pattern: "/admin/tokens/{tid}/revoke", Auth: Needs, Action: access.ManageUsers, h: s.postRevokeToken},
		{Method: "GET", Pattern: "/admin/audit", Auth: Needs, Action: access.ManageSettings, h: s.auditPage},
		{Method: "GET", Pattern: "/admin/outbox", Auth: Needs, Action: access.ManageSettings, h: s.outboxPage},

		{Method: "GET", Pattern: "/reconcile", Auth: LoggedIn, h: s.reconcilePage},
		{Method: "POST", Pattern: "/reconcile/review", Auth: Needs, Action: access.EditLedger, h: s.postReconcileReview},
		{Method: "GET", Pattern: "/draft", Auth: Needs, Action: access.Export, h: s.draft},
		{Method: "GET", Pattern: "/evaluation", Auth: Needs, Action: access.Export, h: s.evaluation},

		// 责任追究: never public; a unit's reporter reads its own unit's
		// records only (see recordsFor, recordOf).
		{Method: "GET", Pattern: "/accountability", Auth: LoggedIn, h: s.accountabilityPage},
		{Method: "POST", Pattern: "/accountability/triggers/accept", Auth: Needs, Action: access.HoldAccountable, h: s.postAcceptTrigger},
		{Method: "POST", Pattern: "/accountability/triggers/dismiss", Auth: Needs, Action: access.HoldAccountable, h: s.postDismissTrigger},
		{Method: "POST", Pattern: "/accountability/settings", Auth: Needs, Action: access.HoldAccountable, h: s.postAccountabilitySettings},
		{Method: "GET", Pattern: "/accountability/stats", Auth: LoggedIn, h: s.accountabilityStats},
		{Method: "GET", Pattern: "/accountability/records/{aid}", Auth: LoggedIn, h: s.accountabilityRecordPage},
		{Method: "POST", Pattern: "/accountability/records/{aid}/statement", Auth: LoggedIn, h: s.postStatement},
		{Method: "POST", Pattern: "/accountability/records/{aid}/correct", Auth: Needs, Action: access.HoldAccountable, h: s.postCorrectRecord},

		// The public site and open data (no login).
		{Method: "GET", Pattern: "/public", Auth: Public, h: s.publicIndex},
		{Method: "GET", Pattern: "/public/proposals", Auth: Public, h: s.publicProposals},
		{Method: "GET", Pattern: "/public/{gov}/{year}", Auth: Public, h: s.publicReportPage},
		{Method: "GET", Pattern: "/public/{gov}/{year}/c/{code}", Auth: Public, h: s.publicCommitment},
		{Method: "GET", Pattern: "/public/{gov}/{year}/units/{unit}", Auth: Public, h: s.publicUnit},
		{Method: "GET", Pattern: "/public/{gov}/{year}/reconcile", Auth: Public, h: s.publicReconcile},
		{Method: "GET", Pattern: "/public/{gov}/{year}/text", Auth: Public, h: s.publicReader},
		{Method: "GET", Pattern: "/public/{gov}/{year}/ledger.json", Auth: Public, h: s.publicJSON},
		{Method: "GET", Pattern: "/public/{gov}/{year}/ledger.csv", Auth: Public, h: s.publicCSV},
		{Method: "GET", Pattern: "/public/{gov}/{year}/feed.atom", Auth: Public, h: s.publicFeed},

		// JSON API.
		{Method: "GET", Pattern: "/api/v1/openapi.json", Auth: Public, API: true, h: s.openAPI},
		{Method: "GET", Pattern: "/api/v1/me", Auth: LoggedIn, API: true, h: s.apiMe},
		{Method: "GET", Pattern: "/api/v1/reports", Auth: LoggedIn, API: true, h: s.apiReports},
		{Method: "GET", Pattern: "/api/v1/reports/{id}/summary", Auth: LoggedIn, API: true, h: s.apiSummary},
		{Method: "GET", Pattern: "/api/v1/reports/{id}/commitments", Auth: LoggedIn, API: true, h: s.apiCommitments},
		{Method: "GET", Pattern: "/api/v1/commitments/{id}", Auth: LoggedIn, API: true, h: s.apiCommitment},
		{Method: "POST", Pattern: "/api/v1/commitments/{id}/dispatch", Auth: LoggedIn, API: true, h: s.apiDispatch},
		{Method: "POST", Pattern: "/api/v1/commitments/{id}/acknowledge", Auth: LoggedIn, API: true, h: s.apiAcknowledge},
		{Method: "POST", Pattern: "/api/v1/commitments/{id}/progress", Auth: LoggedIn, API: true, h: s.apiProgress},
		{Method: "POST", Pattern: "/api/v1/commitments/{id}/reports/{rid}/review", Auth: LoggedIn, API: true, h: s.apiReview},
		{Method: "POST", Pattern: "/api/v1/commitments/{id}/orders", Auth: LoggedIn, API: true, h: s.apiOrder},
		{Method: "POST", Pattern: "/api/v1/commitments/{id}/orders/{oid}/reply", Auth: LoggedIn, API: true, h: s.apiReply},
		{Method: "POST", Pattern: "/api/v1/commitments/{id}/comments", Auth: LoggedIn, API: true, h: s.apiComment},
	}
}

// wrap is the middleware of one route: who is asking, may they, CSRF,
// and errors rendered as a page or JSON.
func (s *Server) wrap(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rq := &request{Lang: langOf(r)}
		ctx := r.Context()
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			// Every body is bounded, whatever reads it later.
			r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUploadBytes)
		}
		if rt.API && strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			a, err := s.tokenActor(r)
			if err != nil {
				s.fail(w, r, rq, rt, ledger.Errorf(EUnauthorized, "API 令牌无效或已撤销"))
				return
			}
			rq.Actor, rq.LoggedIn, rq.Token = a, true, true
		} else {
			if login := s.sessions.GetString(ctx, "login"); login != "" {
				u, err := s.store.UserByLogin(ctx, login)
				if err == nil && !u.Disabled {
					rq.Actor = supervise.Actor{Login: u.Login, Name: u.Name, Role: access.Role(u.Role), Unit: u.Unit}
					rq.LoggedIn = true
				} else {
					s.sessions.Remove(ctx, "login")
				}
			}
			// A signed-in user's token is the session's; a visitor's is the
			// login form's cookie (see formCookie): a visitor's request
			// never writes a session.
			if rq.LoggedIn {
				rq.CSRF = s.sessionCSRF(r)
			} else {
				rq.CSRF = s.formCSRF(r)
			}
		}
		if !rq.LoggedIn {
			rq.Actor = supervise.Actor{Role: access.Public}
		}
		switch rt.Auth {
		case LoggedIn, Needs:
			if !rq.LoggedIn {
				if rt.API || r.Method != http.MethodGet {
					s.fail(w, r, rq, rt, ledger.Errorf(EUnauthorized, "请先登录"))
					return
				}
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			if rt.Auth == Needs && !rq.Actor.CanDo(rt.Action) {
				s.fail(w, r, rq, rt, ledger.Errorf(supervise.EForbidden, "无权访问此页面"))
				return
			}
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !rt.API {
			if err := readForm(r); err != nil {
				s.fail(w, r, rq, rt, err)
				return
			}
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !rq.Token {
			if err := s.checkCSRF(r, rt, rq); err != nil {
				s.fail(w, r, rq, rt, err)
				return
			}
		}
		if err := rt.h(w, r, rq); err != nil {
			s.fail(w, r, rq, rt, err)
		}
	})
}

// Error codes of the web layer, beside ledger's.
const (
	EUnauthorized  = "unauthorized"
	EForbiddenCSRF = "csrf"
	ETooLarge      = "too_large"
)

// httpStatus maps an error code to an HTTP status.
func httpStatus(err error) int {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	switch ledger.ErrorCode(err) {
	case ledger.EInvalid:
		return http.StatusUnprocessableEntity
	case ledger.ENotFound:
		return http.StatusNotFound
	case ledger.EConflict:
		return http.StatusConflict
	case supervise.EForbidden, EForbiddenCSRF:
		return http.StatusForbidden
	case EUnauthorized:
		return http.StatusUnauthorized
	case ETooLarge:
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

// fail answers an error: JSON for the API, else a page.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, rq *request, rt Route, err error) {
	status := httpStatus(err)
	msg := err.Error()
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		msg = "上传内容超过大小上限"
	}
	if status == http.StatusInternalServerError {
		s.log.Error("request", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = "服务器内部错误"
	}
	if rt.API {
		body := map[string]any{"code": ledger.ErrorCode(err), "message": msg}
		var ie *supervise.InputError
		if errors.As(err, &ie) {
			body["code"] = ledger.EInvalid
			body["fields"] = ie.Fields
		}
		if status == http.StatusRequestEntityTooLarge {
			body["code"] = ETooLarge
		}
		writeJSON(w, status, map[string]any{"error": body})
		return
	}
	s.render(w, r, rq, "error", status, map[string]any{"Status": status, "Message": msg})
}

// sessionCSRF returns the session's CSRF token, making one if needed
// (for a session signed in before tokens were made at sign-in).
func (s *Server) sessionCSRF(r *http.Request) string {
	ctx := r.Context()
	t := s.sessions.GetString(ctx, "csrf")
	if t == "" {
		t = newCSRFToken()
		s.sessions.Put(ctx, "csrf", t)
	}
	return t
}

func newCSRFToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// The login form's CSRF token is a double-submit cookie: a random token
// sent both as the cookie and as the form's field, which a page of another
// site can neither read nor set. It needs no stored session, so that
// showing the form to a visitor writes nothing; a session is made only
// when the sign-in succeeds. It needs no server key either, so a restart
// or a second server behind a load balancer keeps open forms working.
// (A signature would add nothing: anyone may fetch a signed pair.) Behind
// HTTPS the cookie is __Host- prefixed, so that no subdomain can plant one.
func (s *Server) formCookie() string {
	if s.cfg.SecureCookies {
		return "__Host-ducha_form"
	}
	return "ducha_form"
}

// formCSRF returns the token of the request's login-form cookie, or "".
func (s *Server) formCSRF(r *http.Request) string {
	c, err := r.Cookie(s.formCookie())
	if err != nil || len(c.Value) < 32 {
		return ""
	}
	return c.Value
}

// newFormCSRF sets a new login-form cookie and returns its token.
func (s *Server) newFormCSRF(w http.ResponseWriter) string {
	tok := newCSRFToken()
	http.SetCookie(w, &http.Cookie{Name: s.formCookie(), Value: tok, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies})
	return tok
}

// dropFormCSRF removes the login-form cookie (signed in, the session's
// token is used).
func (s *Server) dropFormCSRF(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: s.formCookie(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies})
}

// readForm parses a form or multipart body (files over 1 MiB go to
// temporary files) within the request's limit: a body over it is
// ETooLarge (413), one that cannot be parsed EInvalid. Every route's form
// is read here, before any handler looks at a field, so that no handler
// reads a cut-off form as an empty one.
func readForm(r *http.Request) error {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(1 << 20)
	} else {
		err = r.ParseForm()
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return ledger.Errorf(ETooLarge, "上传内容超过 %d MB 的上限", mbe.Limit>>20)
	case err != nil:
		return ledger.Errorf(ledger.EInvalid, "表单无法读取：%v", err)
	}
	return nil
}

// checkCSRF compares the header (or, but for the API, the form field
// read by readForm) with the request's token.
func (s *Server) checkCSRF(r *http.Request, rt Route, rq *request) error {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" && !rt.API {
		got = r.PostFormValue("csrf_token")
	}
	if got == "" || rq.CSRF == "" || subtle.ConstantTimeCompare([]byte(got), []byte(rq.CSRF)) != 1 {
		return ledger.Errorf(EForbiddenCSRF, "表单已过期或来源无效，请刷新页面后重试")
	}
	return nil
}
