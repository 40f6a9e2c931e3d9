package sqlstore

import (
	"context"
	"ducha/store/internal/shared"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"time"

	"ducha/ledger"
	"ducha/proposal"
)

var _ proposal.Store = (*Store)(nil)

// Audit of the 建议提案: entity, and the actor of a deputy's feedback.
const (
	entityProposal = "proposal"
	// FeedbackActor is the audit actor of a deputy's feedback through a
	// token link (no account).
	FeedbackActor = "代表委员（反馈链接）"
)

// proposalAudit appends the audit entry of a change of item id in tx.
func (s *Store) proposalAudit(ctx context.Context, tx Querier, actor, action string, id int64, before, after any) error {
	return s.appendAudit(ctx, tx, shared.NewAudit(s.Now(), actor, action, entityProposal, shared.Ref(id), before, after))
}

// proposalRecord is what the audit log keeps of an item: its handling,
// and the records a change added.
type proposalRecord struct {
	Number    string
	Kind      proposal.Kind
	State     ledger.State
	LeadUnit  string               `json:",omitempty"`
	CoUnits   []string             `json:",omitempty"`
	Deadline  string               `json:",omitempty"`
	Round     int                  `json:",omitempty"`
	Public    bool                 `json:",omitempty"`
	Adjust    *proposal.Adjustment `json:",omitempty"`
	Contacts  []proposal.Contact   `json:",omitempty"`
	Replies   []proposal.Reply     `json:",omitempty"`
	FollowUps []proposal.FollowUp  `json:",omitempty"`
	Feedback  []proposal.Feedback  `json:",omitempty"`
	Token     *proposalTokenRecord `json:",omitempty"`
}

type proposalTokenRecord struct {
	Round   int
	Expires time.Time
}

func recordOf(it proposal.Item) proposalRecord {
	r := proposalRecord{Number: it.Number, Kind: it.Kind, State: it.State, LeadUnit: it.LeadUnit, CoUnits: it.CoUnits,
		Round: it.Round, Public: it.Public, Adjust: it.Adjust}
	if !it.Deadline.IsZero() {
		r.Deadline = it.Deadline.Format("2006-01-02")
	}
	return r
}

const selectProposal = `SELECT id, kind, session, number, title, text, lead_name, lead_contact, %s, category, received,
	public, state, lead_unit, %s, assigned_at, deadline, acked_at, round, coalesce(%s, ''), closed_at FROM proposals`

func (s *Store) selectProposals() string {
	return strings.NewReplacer("%s, category", s.d.JSON("co_signers")+", category",
		"%s, assigned_at", s.d.JSON("co_units")+", assigned_at",
		"coalesce(%s, '')", "coalesce("+s.d.JSON("adjust")+", '')").Replace(selectProposal)
}

type proposalRow struct {
	it                    proposal.Item
	cosigners, co, adjust string
}

func (r *proposalRow) dest() []any {
	it := &r.it
	return []any{&it.ID, &it.Kind, &it.Session, &it.Number, &it.Title, &it.Text, &it.Lead.Name, &it.Lead.Contact,
		&r.cosigners, &it.Category, DateDest(&it.Received), &it.Public, &it.State, &it.LeadUnit, &r.co,
		DateDest(&it.AssignedAt), DateDest(&it.Deadline), DateDest(&it.AckedAt), &it.Round, &r.adjust, DateDest(&it.ClosedAt)}
}

func (r *proposalRow) item() (proposal.Item, error) {
	it := r.it
	it.CoSigners, it.CoUnits, it.Adjust = nil, nil, nil
	if err := json.Unmarshal([]byte(r.cosigners), &it.CoSigners); err != nil {
		return it, err
	}
	if err := json.Unmarshal([]byte(r.co), &it.CoUnits); err != nil {
		return it, err
	}
	if len(it.CoSigners) == 0 {
		it.CoSigners = nil
	}
	if len(it.CoUnits) == 0 {
		it.CoUnits = nil
	}
	if r.adjust != "" {
		it.Adjust = new(proposal.Adjustment)
		if err := json.Unmarshal([]byte(r.adjust), it.Adjust); err != nil {
			return it, err
		}
	}
	return it, nil
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// ImportProposals adds items all or nothing (see proposal.Store).
func (s *Store) ImportProposals(ctx context.Context, items []proposal.Item, actor string) ([]proposal.Item, error) {
	out := make([]proposal.Item, len(items))
	err := s.run(ctx, Bulk, "import proposals", func(tx Tx) error {
		for i, it := range items {
			if errs := proposal.Check(it); len(errs) > 0 {
				return ledger.Errorf(ledger.EInvalid, "%s：%v", it.Number, errs[0])
			}
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM proposals WHERE kind = ? AND session = ? AND number = ?`,
				string(it.Kind), it.Session, it.Number).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return ledger.Errorf(ledger.EConflict, "%s%s %s 已导入，未导入任何一件", it.Session, it.Kind.Label("zh"), it.Number)
			}
			it.State, it.Round = proposal.StateNew, 0
			it.Contacts, it.Replies, it.FollowUps, it.Feedback, it.Adjust = nil, nil, nil, nil, nil
			cos := it.CoSigners
			if cos == nil {
				cos = []proposal.Person{}
			}
			cu := it.CoUnits
			if cu == nil {
				cu = []string{}
			}
			err := tx.QueryRow(ctx, `INSERT INTO proposals (kind, session, number, title, text, lead_name, lead_contact,
					co_signers, category, received, public, state, lead_unit, co_units, round)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) RETURNING id`,
				string(it.Kind), it.Session, it.Number, it.Title, it.Text, it.Lead.Name, it.Lead.Contact, jsonText(cos),
				it.Category, s.d.Date(it.Received), it.Public, string(it.State), it.LeadUnit, jsonText(cu)).Scan(&it.ID)
			if err != nil {
				if s.d.IsUnique(err) {
					return ledger.Errorf(ledger.EConflict, "%s %s 在表中重复，未导入任何一件", it.Kind.Label("zh"), it.Number)
				}
				return err
			}
			if err := s.proposalAudit(ctx, tx, actor, "proposal.import", it.ID, nil, recordOf(it)); err != nil {
				return err
			}
			out[i] = it
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Proposals returns the items matching f (see proposal.Store).
func (s *Store) Proposals(ctx context.Context, f proposal.Filter) ([]proposal.Item, error) {
	var out []proposal.Item
	err := s.read(ctx, "proposals", func(tx Tx) error {
		var err error
		out, err = s.loadProposals(ctx, tx, f, false)
		return err
	})
	return out, err
}

// Proposal returns one item (see proposal.Store).
func (s *Store) Proposal(ctx context.Context, id int64) (proposal.Item, error) {
	var it proposal.Item
	err := s.read(ctx, "proposal", func(tx Tx) error {
		var err error
		it, err = s.loadProposal(ctx, tx, id, false)
		return err
	})
	return it, err
}

func (s *Store) loadProposal(ctx context.Context, tx Querier, id int64, lock bool) (proposal.Item, error) {
	items, err := s.loadProposals(ctx, tx, proposal.Filter{ID: id}, lock)
	if err != nil {
		return proposal.Item{}, err
	}
	if len(items) == 0 {
		return proposal.Item{}, ledger.Errorf(ledger.ENotFound, "建议提案 %d 不存在", id)
	}
	return items[0], nil
}

func (s *Store) loadProposals(ctx context.Context, tx Querier, f proposal.Filter, lock bool) ([]proposal.Item, error) {
	var where []string
	var args []any
	if f.ID != 0 {
		where, args = append(where, "id = ?"), append(args, f.ID)
	}
	if f.Kind != "" {
		where, args = append(where, "kind = ?"), append(args, string(f.Kind))
	}
	if f.State != "" {
		where, args = append(where, "state = ?"), append(args, f.State)
	}
	q := s.selectProposals()
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY kind DESC, session, " + s.d.Binary("number") + ", id"
	if lock {
		q += s.d.ForUpdate()
	}
	var items []proposal.Item
	index := map[int64]int{}
	var r proposalRow
	err := scanRows(ctx, tx, q, args, r.dest(), func() error {
		it, err := r.item()
		if err != nil {
			return err
		}
		if f.Unit != "" && it.LeadUnit != f.Unit && !contains(it.CoUnits, f.Unit) {
			return nil
		}
		index[it.ID] = len(items)
		items = append(items, it)
		return nil
	})
	if err != nil || len(items) == 0 {
		return items, err
	}
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	in := s.d.InIDs("proposal_id")
	idArg := []any{s.d.IDs(ids)}
	var pid int64
	var c proposal.Contact
	err = scanRows(ctx, tx, `SELECT proposal_id, round, day, way, summary, by_unit FROM proposal_contacts WHERE `+in+` ORDER BY id`,
		idArg, []any{&pid, &c.Round, DateDest(&c.Date), &c.Way, &c.Summary, &c.By}, func() error {
			it := &items[index[pid]]
			it.Contacts = append(it.Contacts, c)
			return nil
		})
	if err != nil {
		return nil, err
	}
	var rp proposal.Reply
	err = scanRows(ctx, tx, `SELECT proposal_id, round, text, document, class, reason, promised, day, due, by_unit
			FROM proposal_replies WHERE `+in+` ORDER BY round`, idArg,
		[]any{&pid, &rp.Round, &rp.Text, &rp.Document, &rp.Class, &rp.Reason, DateDest(&rp.Promised), DateDest(&rp.At), DateDest(&rp.Due), &rp.By},
		func() error {
			it := &items[index[pid]]
			it.Replies = append(it.Replies, rp)
			return nil
		})
	if err != nil {
		return nil, err
	}
	var fu proposal.FollowUp
	err = scanRows(ctx, tx, `SELECT proposal_id, day, note, solved, by_unit FROM proposal_followups WHERE `+in+` ORDER BY id`, idArg,
		[]any{&pid, DateDest(&fu.Date), &fu.Note, &fu.Solved, &fu.By}, func() error {
			it := &items[index[pid]]
			it.FollowUps = append(it.FollowUps, fu)
			return nil
		})
	if err != nil {
		return nil, err
	}
	var fb proposal.Feedback
	err = scanRows(ctx, tx, `SELECT proposal_id, round, verdict, comment, day FROM proposal_feedback WHERE `+in+` ORDER BY round`, idArg,
		[]any{&pid, &fb.Round, &fb.Verdict, &fb.Comment, DateDest(&fb.At)}, func() error {
			it := &items[index[pid]]
			it.Feedback = append(it.Feedback, fb)
			return nil
		})
	return items, err
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// UpdateProposal changes one item through change (see proposal.Store).
func (s *Store) UpdateProposal(ctx context.Context, id int64, action, actor string, change func(proposal.Item) (proposal.Item, error)) (proposal.Item, error) {
	var out proposal.Item
	err := s.write(ctx, "update proposal", func(tx Tx) error {
		var err error
		out, err = s.changeProposal(ctx, tx, id, action, actor, change)
		return err
	})
	return out, err
}

func (s *Store) changeProposal(ctx context.Context, tx Tx, id int64, action, actor string, change func(proposal.Item) (proposal.Item, error)) (proposal.Item, error) {
	old, err := s.loadProposal(ctx, tx, id, true)
	if err != nil {
		return old, err
	}
	nw, err := change(old)
	if err != nil {
		return old, err
	}
	if nw.ID != old.ID || nw.Number != old.Number || nw.Kind != old.Kind || nw.Session != old.Session {
		return old, ledger.Errorf(ledger.EInternal, "proposal %d: a change may not alter its identity", id)
	}
	if !prefix(old.Contacts, nw.Contacts) || !prefix(old.Replies, nw.Replies) || !prefix(old.FollowUps, nw.FollowUps) || !prefix(old.Feedback, nw.Feedback) {
		return old, ledger.Errorf(ledger.EInternal, "proposal %d: records are appended only", id)
	}
	var adjust any
	if nw.Adjust != nil {
		adjust = jsonText(nw.Adjust)
	}
	cu := nw.CoUnits
	if cu == nil {
		cu = []string{}
	}
	if _, err := tx.Exec(ctx, `UPDATE proposals SET title = ?, text = ?, category = ?, public = ?, state = ?, lead_unit = ?,
			co_units = ?, assigned_at = ?, deadline = ?, acked_at = ?, round = ?, adjust = ?, closed_at = ? WHERE id = ?`,
		nw.Title, nw.Text, nw.Category, nw.Public, string(nw.State), nw.LeadUnit, jsonText(cu), s.d.Date(nw.AssignedAt),
		s.d.Date(nw.Deadline), s.d.Date(nw.AckedAt), nw.Round, adjust, s.d.Date(nw.ClosedAt), id); err != nil {
		return old, err
	}
	after := recordOf(nw)
	for _, c := range nw.Contacts[len(old.Contacts):] {
		if _, err := tx.Exec(ctx, `INSERT INTO proposal_contacts (proposal_id, round, day, way, summary, by_unit) VALUES (?, ?, ?, ?, ?, ?)`,
			id, c.Round, s.d.Date(c.Date), string(c.Way), c.Summary, c.By); err != nil {
			return old, err
		}
		after.Contacts = append(after.Contacts, c)
	}
	for _, r := range nw.Replies[len(old.Replies):] {
		if _, err := tx.Exec(ctx, `INSERT INTO proposal_replies (proposal_id, round, text, document, class, reason, promised, day, due, by_unit)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, r.Round, r.Text, r.Document, string(r.Class), r.Reason, s.d.Date(r.Promised), s.d.Date(r.At), s.d.Date(r.Due), r.By); err != nil {
			return old, err
		}
		after.Replies = append(after.Replies, r)
	}
	for _, f := range nw.FollowUps[len(old.FollowUps):] {
		if _, err := tx.Exec(ctx, `INSERT INTO proposal_followups (proposal_id, day, note, solved, by_unit) VALUES (?, ?, ?, ?, ?)`,
			id, s.d.Date(f.Date), f.Note, f.Solved, f.By); err != nil {
			return old, err
		}
		after.FollowUps = append(after.FollowUps, f)
	}
	for _, f := range nw.Feedback[len(old.Feedback):] {
		if _, err := tx.Exec(ctx, `INSERT INTO proposal_feedback (proposal_id, round, verdict, comment, day) VALUES (?, ?, ?, ?, ?)`,
			id, f.Round, string(f.Verdict), f.Comment, s.d.Date(f.At)); err != nil {
			return old, err
		}
		after.Feedback = append(after.Feedback, f)
	}
	if err := s.proposalAudit(ctx, tx, actor, action, id, recordOf(old), after); err != nil {
		return old, err
	}
	return nw, nil
}

// prefix reports whether old is where nw begins.
func prefix[T any](old, nw []T) bool {
	return len(nw) >= len(old) && reflect.DeepEqual(old, nw[:len(old)]) || len(old) == 0
}

// IssueFeedbackToken stores a token's hash (see proposal.Store).
func (s *Store) IssueFeedbackToken(ctx context.Context, id int64, hash string, ttl time.Duration, actor string) error {
	if len(hash) != 64 {
		return ledger.Errorf(ledger.EInvalid, "feedback token hash must be hex SHA-256")
	}
	return s.write(ctx, "issue feedback token", func(tx Tx) error {
		it, err := s.loadProposal(ctx, tx, id, true)
		if err != nil {
			return err
		}
		now := s.Now()
		expires := now.Add(ttl)
		if _, err := tx.Exec(ctx, `UPDATE proposal_tokens SET expires_at = ? WHERE proposal_id = ? AND used_at IS NULL AND expires_at > ?`,
			s.d.Stamp(now), id, s.d.Stamp(now)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO proposal_tokens (hash, proposal_id, round, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			hash, id, it.Round, s.d.Stamp(now), s.d.Stamp(expires)); err != nil {
			return err
		}
		rec := recordOf(it)
		rec.Token = &proposalTokenRecord{Round: it.Round, Expires: expires.UTC().Truncate(time.Second)}
		return s.proposalAudit(ctx, tx, actor, "proposal.token_issue", id, nil, rec)
	})
}

var errNoToken = ledger.Errorf(ledger.ENotFound, "反馈链接无效、已使用或已过期")

// tokenItem is the id of the item a valid token opens, the token row
// locked in a write transaction.
func (s *Store) tokenItem(ctx context.Context, tx Querier, hash string, lock bool) (int64, error) {
	q := `SELECT t.proposal_id FROM proposal_tokens t JOIN proposals p ON p.id = t.proposal_id
		WHERE t.hash = ? AND t.used_at IS NULL AND t.expires_at > ? AND t.round = p.round`
	if lock {
		q += s.d.ForUpdate("t")
	}
	var id int64
	err := tx.QueryRow(ctx, q, hash, s.d.Stamp(s.Now())).Scan(&id)
	if errors.Is(err, ErrNoRows) {
		return 0, errNoToken
	}
	return id, err
}

// FeedbackItem returns the item a token opens (see proposal.Store).
func (s *Store) FeedbackItem(ctx context.Context, hash string) (proposal.Item, error) {
	var it proposal.Item
	err := s.read(ctx, "feedback item", func(tx Tx) error {
		id, err := s.tokenItem(ctx, tx, hash, false)
		if err != nil {
			return err
		}
		it, err = s.loadProposal(ctx, tx, id, false)
		return err
	})
	return it, err
}

// UseFeedbackToken applies a deputy's feedback (see proposal.Store).
func (s *Store) UseFeedbackToken(ctx context.Context, hash string, change func(proposal.Item) (proposal.Item, error)) (proposal.Item, error) {
	var out proposal.Item
	err := s.write(ctx, "use feedback token", func(tx Tx) error {
		id, err := s.tokenItem(ctx, tx, hash, true)
		if err != nil {
			return err
		}
		n, err := tx.Exec(ctx, `UPDATE proposal_tokens SET used_at = ? WHERE hash = ? AND used_at IS NULL`, s.d.Stamp(s.Now()), hash)
		if err != nil {
			return err
		}
		if n != 1 {
			return errNoToken
		}
		out, err = s.changeProposal(ctx, tx, id, "proposal.feedback", FeedbackActor, change)
		return err
	})
	return out, err
}
