package web

import (
	"net/http"
	"strconv"
	"strings"

	"ducha/access"
	"ducha/accountability"
	"ducha/ledger"
	"ducha/supervise"
)

// recordOf reads the record of the route's {aid} that actor may read: a
// reporter only its own unit's (any other is not found, so that its
// existence is not told).
func (s *Server) recordOf(r *http.Request, a supervise.Actor) ([]ledger.AccountabilityRecord, []ledger.AccountabilityStatement, error) {
	id, err := idParam(r, "aid")
	if err != nil {
		return nil, nil, err
	}
	as, err := s.accountabilityStore()
	if err != nil {
		return nil, nil, err
	}
	versions, statements, err := as.AccountabilityRecord(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	if !canReadAllRecords(a) && (a.Role != access.Reporter || a.Unit == "" || a.Unit != versions[0].Unit) {
		return nil, nil, ledger.Errorf(ledger.ENotFound, "责任追究记录 %d 不存在", id)
	}
	return versions, statements, nil
}

// factLink is a fact as a link to the record it rests on.
type factLink struct {
	Label, Href string
}

func factLinks(lang string, r ledger.AccountabilityRecord) []factLink {
	var out []factLink
	cid := strconv.FormatInt(r.CommitmentID, 10)
	for _, f := range r.Facts {
		id := strconv.FormatInt(f.ID, 10)
		switch f.Kind {
		case accountability.FactCommitment:
			out = append(out, factLink{translate(lang, "Commitment") + " #" + id, "/commitments/" + id})
		case accountability.FactOrder:
			out = append(out, factLink{translate(lang, "督办单") + " #" + id, "/commitments/" + cid + "#order-" + id})
		case accountability.FactReport:
			out = append(out, factLink{translate(lang, "Progress report") + " #" + id, "/commitments/" + cid + "#report-" + id})
		}
	}
	return out
}

// accountabilityRecordPage shows a record: its current version, every
// earlier one, the facts it links to and the unit's statements.
func (s *Server) accountabilityRecordPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	versions, statements, err := s.recordOf(r, rq.Actor)
	if err != nil {
		return err
	}
	cur := versions[len(versions)-1]
	title := ""
	if c, err := s.store.Commitment(r.Context(), cur.CommitmentID); err == nil {
		title = c.Code + " " + c.Title
	}
	a := rq.Actor
	s.render(w, r, rq, "accountability_record", http.StatusOK, map[string]any{
		"Title": translate(rq.Lang, "Accountability record") + " " + cur.DocNo, "Record": cur, "Versions": versions,
		"Statements": statements, "Facts": factLinks(rq.Lang, cur), "Item": title, "Measures": measureOptions(rq.Lang),
		"Office":   a.CanDo(access.HoldAccountable),
		"CanState": a.Role == access.Reporter && a.Unit == cur.Unit,
	})
	return nil
}

// postStatement adds the unit's 申辩 to a record: only the reporters of
// the unit held to account.
func (s *Server) postStatement(w http.ResponseWriter, r *http.Request, rq *request) error {
	versions, _, err := s.recordOf(r, rq.Actor)
	if err != nil {
		return err
	}
	if rq.Actor.Role != access.Reporter || rq.Actor.Unit != versions[0].Unit {
		return ledger.Errorf(supervise.EForbidden, "只有被追责单位可以申辩")
	}
	st := ledger.AccountabilityStatement{RecordID: versions[0].ID, Unit: rq.Actor.Unit, Body: strings.TrimSpace(r.PostFormValue("body"))}
	if err = accountability.CheckStatement(versions[0], st); err == nil {
		var as ledger.AccountabilityStore
		if as, err = s.accountabilityStore(); err == nil {
			err = as.AddStatement(r.Context(), &st, rq.Actor.Login)
		}
	}
	return s.backToRecord(w, r, versions[0].ID, "已提交申辩", err)
}

// postCorrectRecord appends a corrected version of a record; the
// original stays.
func (s *Server) postCorrectRecord(w http.ResponseWriter, r *http.Request, rq *request) error {
	versions, _, err := s.recordOf(r, rq.Actor)
	if err != nil {
		return err
	}
	latest := versions[len(versions)-1]
	fix, err := recordForm(r)
	if err == nil {
		fix.Unit, fix.CommitmentID = latest.Unit, latest.CommitmentID
		if v := r.PostFormValue("version"); v != strconv.Itoa(latest.Version) {
			err = ledger.Errorf(ledger.EConflict, "该记录已被他人更正（现为第%d版），请刷新后重试", latest.Version)
		}
	}
	if err == nil {
		fix, err = accountability.Correct(latest, fix, r.PostFormValue("reason"))
	}
	if err == nil {
		var as ledger.AccountabilityStore
		if as, err = s.accountabilityStore(); err == nil {
			err = as.CorrectRecord(r.Context(), &fix, rq.Actor.Login)
		}
	}
	return s.backToRecord(w, r, versions[0].ID, "已更正记录（原记录保留）", err)
}

func (s *Server) backToRecord(w http.ResponseWriter, r *http.Request, id int64, ok string, err error) error {
	return s.backTo(w, r, "/accountability/records/"+strconv.FormatInt(id, 10), err, ok)
}
