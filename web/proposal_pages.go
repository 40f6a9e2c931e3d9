package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"ducha/access"
	"ducha/ledger"
	"ducha/proposal"
	"ducha/proposalsheet"
	"ducha/supervise"
	"ducha/tasksheet"
)

// The 建议提案 pages: the list, an item, the statistics and the import.
// Who may see an item is proposalVisible; what they may do to it is
// proposal.Apply (access's table), so a handler never decides either.

// proposals is the server's 建议提案 store: the one store implements it.
func (s *Server) proposals() (proposal.Store, error) {
	ps, ok := s.store.(proposal.Store)
	if !ok {
		return nil, ledger.Errorf(ledger.EInternal, "this store keeps no 建议提案")
	}
	return ps, nil
}

// proposalActor is the workflow's actor of a signed-in user.
func proposalActor(a supervise.Actor) proposal.Actor {
	return proposal.Actor{Subject: access.Subject{Role: a.Role, Unit: a.Unit}, Name: a.Name}
}

// proposalVisible reports whether a may open item it: the office and
// leaders every item, a unit the items it leads or co-handles.
func proposalVisible(a supervise.Actor, it proposal.Item) bool {
	return access.Allowed(access.Subject{Role: a.Role, Unit: a.Unit}, access.ViewInternal,
		access.Object{Lead: it.LeadUnit, Cooperating: it.CoUnits})
}

// loadProposal reads the item of the route's {sid}; not_found also when
// the actor may not open it, so that an id tells a unit nothing.
func (s *Server) loadProposal(r *http.Request, rq *request) (proposal.Store, proposal.Item, error) {
	ps, err := s.proposals()
	if err != nil {
		return nil, proposal.Item{}, err
	}
	id, err := idParam(r, "sid")
	if err != nil {
		return nil, proposal.Item{}, err
	}
	it, err := ps.Proposal(r.Context(), id)
	if err == nil && !proposalVisible(rq.Actor, it) {
		err = ledger.Errorf(ledger.ENotFound, "页面不存在")
	}
	return ps, it, err
}

// proposalRow is an item as the list shows it.
type proposalRow struct {
	proposal.Item
	StateLabel string
	Late       bool
	DueWhat    string
	Due        time.Time
}

func proposalRowOf(it proposal.Item, lang string, now time.Time) proposalRow {
	row := proposalRow{Item: it, StateLabel: proposal.StateLabel(it.State, lang), Late: it.Late(now)}
	if what, due, ok := it.ItemDue(); ok {
		row.DueWhat, row.Due = proposal.EventLabel(what, lang), due
		row.Late = row.Late || proposal.Day(now).After(due)
	}
	return row
}

// proposalList is GET /proposals: the items the actor may open, filtered
// by kind, state and unit, with the import form for the office.
func (s *Server) proposalList(w http.ResponseWriter, r *http.Request, rq *request) error {
	ps, err := s.proposals()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := proposal.Filter{Kind: proposal.Kind(q.Get("kind")), State: q.Get("state"), Unit: strings.TrimSpace(q.Get("unit"))}
	items, err := ps.Proposals(r.Context(), f)
	if err != nil {
		return err
	}
	now := s.now()
	var rows []proposalRow
	for _, it := range items {
		if proposalVisible(rq.Actor, it) {
			rows = append(rows, proposalRowOf(it, rq.Lang, now))
		}
	}
	var states []map[string]string
	for _, st := range proposal.States {
		states = append(states, map[string]string{"Value": string(st), "Label": proposal.StateLabel(st, rq.Lang)})
	}
	s.render(w, r, rq, "proposal_list", http.StatusOK, map[string]any{"Title": translate(rq.Lang, "Suggestions and proposals"),
		"Rows": rows, "Filter": f, "States": states, "CanImport": rq.Actor.CanDo(access.Dispatch),
		"CanStats": rq.Actor.CanDo(access.Export)})
	return nil
}

// proposalPage is GET /proposals/{sid}: the item, its records and the
// forms its state and the actor allow.
func (s *Server) proposalPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	_, it, err := s.loadProposal(r, rq)
	if err != nil {
		return err
	}
	a := proposalActor(rq.Actor)
	can := map[string]bool{}
	for _, e := range proposal.Events {
		if e != proposal.EvFeedback && proposal.Allowed(it.State, e) &&
			access.Allowed(a.Subject, e.Action(), access.Object{Lead: it.LeadUnit, Cooperating: it.CoUnits}) {
			can[string(e)] = true
		}
	}
	// The office sends the feedback link of an answered item.
	can["link"] = it.State == proposal.StateAnswered && rq.Actor.CanDo(access.Dispatch)
	units, err := s.store.Units(r.Context())
	if err != nil {
		return err
	}
	var ways, classes []map[string]string
	for _, w := range proposal.Ways {
		ways = append(ways, map[string]string{"Value": string(w), "Label": w.Label(rq.Lang)})
	}
	for _, c := range proposal.Classes {
		classes = append(classes, map[string]string{"Value": string(c), "Label": c.Label(rq.Lang)})
	}
	s.render(w, r, rq, "proposal", http.StatusOK, map[string]any{"Title": it.Number + " " + it.Title,
		"Item": proposalRowOf(it, rq.Lang, s.now()), "Can": can, "Units": units, "Ways": ways, "Classes": classes,
		"Link": s.sessions.PopString(r.Context(), "feedback_link"), "Today": proposal.Day(s.now()),
		"Labels": proposalLabels(rq.Lang), "CanPublish": rq.Actor.CanDo(access.EditLedger)})
	return nil
}

// proposalLabels names the values of an item's records in lang.
func proposalLabels(lang string) map[string]string {
	m := map[string]string{}
	for _, k := range []proposal.Kind{proposal.KindSuggestion, proposal.KindProposal} {
		m[string(k)] = k.Label(lang)
	}
	for _, w := range proposal.Ways {
		m[string(w)] = w.Label(lang)
	}
	for _, c := range proposal.Classes {
		m[string(c)] = c.Label(lang)
	}
	for _, v := range proposal.Verdicts {
		m[string(v)] = v.Label(lang)
	}
	return m
}

// allProposals returns every 建议提案 item: the statistics and the
// public page filter them themselves.
func (s *Server) allProposals(r *http.Request) ([]proposal.Item, error) {
	ps, err := s.proposals()
	if err != nil {
		return nil, err
	}
	return ps.Proposals(r.Context(), proposal.Filter{})
}

// proposalStats is GET /proposals/stats: the rates per lead unit.
func (s *Server) proposalStats(w http.ResponseWriter, r *http.Request, rq *request) error {
	items, err := s.allProposals(r)
	if err != nil {
		return err
	}
	overall, units := proposal.Compute(items, s.now())
	s.render(w, r, rq, "proposal_stats", http.StatusOK, map[string]any{"Title": translate(rq.Lang, "Handling statistics"),
		"Overall": overall, "Units": units})
	return nil
}

// proposalStatsXLSX is GET /proposals/stats.xlsx: the 办理情况统计表,
// audited as an export.
func (s *Server) proposalStatsXLSX(w http.ResponseWriter, r *http.Request, rq *request) error {
	items, err := s.allProposals(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := proposalsheet.ExportStats(&buf, items, s.now()); err != nil {
		return err
	}
	if err := s.store.AppendAudit(r.Context(), ledger.AuditEntry{At: s.now(), Actor: rq.Actor.Login,
		Action: "proposal.export_stats", Entity: "proposal"}); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="proposal-stats.xlsx"; filename*=UTF-8''%E5%8A%9E%E7%90%86%E6%83%85%E5%86%B5%E7%BB%9F%E8%AE%A1%E8%A1%A8.xlsx`)
	w.Write(buf.Bytes())
	return nil
}

// postProposalImport is POST /proposals/import: the list as the 人大 or
// 政协 send it, all or nothing; the errors by row come back on the list.
func (s *Server) postProposalImport(w http.ResponseWriter, r *http.Request, rq *request) error {
	ps, err := s.proposals()
	if err != nil {
		return err
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		s.flashError(r, "请选择要导入的建议或提案清单（xlsx 或 CSV）")
		http.Redirect(w, r, "/proposals", http.StatusSeeOther)
		return nil
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, proposalsheet.MaxBytes+1))
	if err != nil {
		return err
	}
	kind, _ := proposal.ParseKind(r.PostFormValue("kind"))
	items, err := proposalsheet.Parse(raw, hdr.Filename, proposalsheet.Options{Kind: kind, Session: strings.TrimSpace(r.PostFormValue("session"))})
	if err == nil {
		_, err = ps.ImportProposals(r.Context(), items, rq.Actor.Login)
	}
	var se *tasksheet.SheetError
	switch {
	case errors.As(err, &se), err != nil && ledger.ErrorCode(err) != ledger.EInternal:
		s.flashError(r, err.Error())
	case err != nil:
		return err
	default:
		s.flash(r, translate(rq.Lang, "Imported")+"："+strconv.Itoa(len(items)))
	}
	http.Redirect(w, r, "/proposals", http.StatusSeeOther)
	return nil
}

// postProposalPublic is POST /proposals/{sid}/public: the office marks
// whether the item's reply is published (audited like every change).
func (s *Server) postProposalPublic(w http.ResponseWriter, r *http.Request, rq *request) error {
	ps, it, err := s.loadProposal(r, rq)
	if err != nil {
		return err
	}
	public := r.PostFormValue("public") == "1"
	if _, err := ps.UpdateProposal(r.Context(), it.ID, "proposal.set_public", rq.Actor.Login,
		func(it proposal.Item) (proposal.Item, error) {
			it.Public = public
			return it, nil
		}); err != nil {
		return err
	}
	s.flash(r, translate(rq.Lang, "Saved"))
	http.Redirect(w, r, "/proposals/"+r.PathValue("sid"), http.StatusSeeOther)
	return nil
}

// publicReply is what the public site shows of an item: no contact, no
// record of the handling but its latest reply and class.
type publicReply struct {
	Number, Kind, Title, Session, LeadUnit, Class, Text string
	At                                                  time.Time
}

// publicProposals is GET /public/proposals: the replies marked public,
// with their classification.
func (s *Server) publicProposals(w http.ResponseWriter, r *http.Request, rq *request) error {
	items, err := s.allProposals(r)
	if err != nil {
		return err
	}
	var out []publicReply
	for _, it := range items {
		rp := it.LastReply()
		if !it.Public || rp == nil {
			continue
		}
		out = append(out, publicReply{Number: it.Number, Kind: it.Kind.Label(rq.Lang), Title: it.Title, Session: it.Session,
			LeadUnit: it.LeadUnit, Class: rp.Class.Label(rq.Lang), Text: rp.Text, At: rp.At})
	}
	s.render(w, r, rq, "public_proposals", http.StatusOK, map[string]any{"Title": translate(rq.Lang, "Replies to suggestions and proposals"),
		"Replies": out})
	return nil
}
