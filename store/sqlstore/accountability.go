package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

// The audit actions and entities of 责任追究.
const (
	ActionAccountabilityOpen      = "accountability.open"
	ActionAccountabilityCorrect   = "accountability.correct"
	ActionAccountabilityStatement = "accountability.statement"
	ActionAccountabilityDismiss   = "accountability.dismiss"

	EntityAccountabilityRecord  = "accountability_record"
	EntityAccountabilityTrigger = "accountability_trigger"
)

var _ ledger.AccountabilityStore = (*Store)(nil)

const selectAccountabilityRecord = `SELECT r.id, coalesce(r.original_id, 0), r.version, u.name, r.person, r.measure,
	r.decided_on, r.doc_no, r.commitment_id, coalesce(r.order_id, 0), r.trigger_key, r.facts, r.note, r.deduction,
	r.reason, r.created_by, r.created_at
	FROM accountability_records r JOIN units u ON u.id = r.unit_id`

// recordScan scans a row of selectAccountabilityRecord.
type recordScan struct {
	r     ledger.AccountabilityRecord
	facts string
}

func (x *recordScan) dest() []any {
	r := &x.r
	return []any{&r.ID, &r.OriginalID, &r.Version, &r.Unit, &r.Person, &r.Measure, DateDest(&r.Date), &r.DocNo,
		&r.CommitmentID, &r.OrderID, &r.TriggerKey, &x.facts, &r.Note, &r.Deduction, &r.Reason, &r.CreatedBy,
		StampDest(&r.CreatedAt)}
}

func (x *recordScan) record() (ledger.AccountabilityRecord, error) {
	r := x.r
	r.Facts = nil
	if err := json.Unmarshal([]byte(x.facts), &r.Facts); err != nil {
		return r, err
	}
	return r, nil
}

// unitIDOf is the id of the unit named name; not_found if there is none.
func unitIDOf(ctx context.Context, tx Querier, name string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM units WHERE name = ?`, strings.TrimSpace(name)).Scan(&id)
	if errors.Is(err, ErrNoRows) {
		return 0, ledger.Errorf(ledger.ENotFound, "单位 %q 不在单位名录中", name)
	}
	return id, err
}

// checkRefs checks that the commitment and 督办单 of r exist.
func checkRefs(ctx context.Context, tx Querier, r *ledger.AccountabilityRecord) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM commitments WHERE id = ?`, r.CommitmentID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return ledger.Errorf(ledger.ENotFound, "事项 %d 不存在", r.CommitmentID)
	}
	if r.OrderID != 0 {
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM supervision_orders WHERE id = ? AND commitment_id = ?`,
			r.OrderID, r.CommitmentID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ledger.Errorf(ledger.ENotFound, "督办单 %d 不属于事项 %d", r.OrderID, r.CommitmentID)
		}
	}
	return nil
}

// insertRecord inserts r (validated by the caller) and sets its ID.
func (s *Store) insertRecord(ctx context.Context, tx Querier, r *ledger.AccountabilityRecord) error {
	unitID, err := unitIDOf(ctx, tx, r.Unit)
	if err != nil {
		return err
	}
	if err := checkRefs(ctx, tx, r); err != nil {
		return err
	}
	facts := r.Facts
	if facts == nil {
		facts = []ledger.AccountabilityFact{}
	}
	fj, err := json.Marshal(facts)
	if err != nil {
		return err
	}
	var original, order any
	if r.OriginalID != 0 {
		original = r.OriginalID
	}
	if r.OrderID != 0 {
		order = r.OrderID
	}
	err = tx.QueryRow(ctx, `INSERT INTO accountability_records (original_id, version, unit_id, person, measure, decided_on,
			doc_no, commitment_id, order_id, trigger_key, facts, note, deduction, reason, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		original, r.Version, unitID, strings.TrimSpace(r.Person), string(r.Measure), s.d.Date(r.Date), strings.TrimSpace(r.DocNo),
		r.CommitmentID, order, r.TriggerKey, string(fj), r.Note, r.Deduction, r.Reason, r.CreatedBy, s.d.Stamp(r.CreatedAt)).Scan(&r.ID)
	if err != nil && s.d.IsUnique(err) {
		return ledger.Errorf(ledger.EConflict, "该记录已被他人更正，请刷新后重试")
	}
	return err
}

// checkRecord checks what the database needs of a record; the rules of
// the record are package accountability's.
func checkRecord(r *ledger.AccountabilityRecord, actor string) error {
	switch {
	case strings.TrimSpace(actor) == "":
		return ledger.Errorf(ledger.EInvalid, "须有操作人")
	case !r.Measure.Valid():
		return ledger.Errorf(ledger.EInvalid, "追责方式 %q 无效", r.Measure)
	case r.Date.IsZero():
		return ledger.Errorf(ledger.EInvalid, "决定日期不能为空")
	case strings.TrimSpace(r.DocNo) == "":
		return ledger.Errorf(ledger.EInvalid, "文号不能为空")
	case !(r.Deduction >= 0 && r.Deduction <= 20):
		return ledger.Errorf(ledger.EInvalid, "考核扣分 %v 无效（0–20）", r.Deduction)
	}
	return nil
}

// OpenRecord stores a new record and accepts its trigger.
func (s *Store) OpenRecord(ctx context.Context, r *ledger.AccountabilityRecord, kind, actor string) error {
	if err := checkRecord(r, actor); err != nil {
		return err
	}
	now := s.Now()
	rec := *r
	rec.OriginalID, rec.Version, rec.CreatedBy, rec.CreatedAt, rec.Reason = 0, 1, actor, shared.Stamp(now), ""
	err := s.write(ctx, "open accountability record", func(tx Tx) error {
		if err := s.insertRecord(ctx, tx, &rec); err != nil {
			return err
		}
		if rec.TriggerKey != "" {
			d := ledger.AccountabilityDecision{Key: rec.TriggerKey, Kind: kind, Unit: rec.Unit, CommitmentID: rec.CommitmentID,
				Accepted: true, RecordID: rec.ID, By: actor, At: rec.CreatedAt}
			if err := s.insertDecision(ctx, tx, &d); err != nil {
				return err
			}
		}
		return s.appendAudit(ctx, tx, shared.NewAudit(now, actor, ActionAccountabilityOpen, EntityAccountabilityRecord,
			shared.Ref(rec.ID), nil, rec))
	})
	if err == nil {
		*r = rec
	}
	return err
}

// CorrectRecord appends the next version of a record.
func (s *Store) CorrectRecord(ctx context.Context, r *ledger.AccountabilityRecord, actor string) error {
	if err := checkRecord(r, actor); err != nil {
		return err
	}
	if r.OriginalID == 0 || strings.TrimSpace(r.Reason) == "" {
		return ledger.Errorf(ledger.EInvalid, "更正须指明原记录并说明理由")
	}
	now := s.Now()
	rec := *r
	rec.CreatedBy, rec.CreatedAt = actor, shared.Stamp(now)
	err := s.write(ctx, "correct accountability record", func(tx Tx) error {
		versions, err := s.recordVersions(ctx, tx, rec.OriginalID)
		if err != nil {
			return err
		}
		latest := versions[len(versions)-1]
		if rec.Version != latest.Version+1 {
			return ledger.Errorf(ledger.EConflict, "该记录已被他人更正（现为第%d版），请刷新后重试", latest.Version)
		}
		if rec.Unit != latest.Unit || rec.CommitmentID != latest.CommitmentID {
			return ledger.Errorf(ledger.EInvalid, "更正不能改变被追责单位或所涉事项")
		}
		if err := s.insertRecord(ctx, tx, &rec); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, shared.NewAudit(now, actor, ActionAccountabilityCorrect, EntityAccountabilityRecord,
			shared.Ref(rec.OriginalID), latest, rec))
	})
	if err == nil {
		*r = rec
	}
	return err
}

// insertDecision inserts d; a key decided already is a conflict.
func (s *Store) insertDecision(ctx context.Context, tx Querier, d *ledger.AccountabilityDecision) error {
	var unitID, commitmentID, recordID any
	if d.Unit != "" {
		id, err := unitIDOf(ctx, tx, d.Unit)
		if err != nil {
			return err
		}
		unitID = id
	}
	if d.CommitmentID != 0 {
		commitmentID = d.CommitmentID
	}
	if d.RecordID != 0 {
		recordID = d.RecordID
	}
	_, err := tx.Exec(ctx, `INSERT INTO accountability_decisions (key, kind, unit_id, commitment_id, accepted, record_id, reason,
			decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.Key, d.Kind, unitID, commitmentID, d.Accepted, recordID, d.Reason, d.By, s.d.Stamp(d.At))
	if err != nil && s.d.IsUnique(err) {
		return ledger.Errorf(ledger.EConflict, "该追责提示已处理过")
	}
	if err != nil && s.d.IsForeignKey(err) {
		return ledger.Errorf(ledger.ENotFound, "追责提示所涉事项不存在")
	}
	return err
}

// DismissTrigger records the dismissal of a trigger.
func (s *Store) DismissTrigger(ctx context.Context, d *ledger.AccountabilityDecision, actor string) error {
	if strings.TrimSpace(d.Key) == "" || strings.TrimSpace(actor) == "" {
		return ledger.Errorf(ledger.EInvalid, "须指明追责提示和操作人")
	}
	if strings.TrimSpace(d.Reason) == "" {
		return ledger.Errorf(ledger.EInvalid, "不予追责须说明理由")
	}
	now := s.Now()
	dec := *d
	dec.Accepted, dec.RecordID, dec.By, dec.At = false, 0, actor, shared.Stamp(now)
	err := s.write(ctx, "dismiss accountability trigger", func(tx Tx) error {
		if err := s.insertDecision(ctx, tx, &dec); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, shared.NewAudit(now, actor, ActionAccountabilityDismiss, EntityAccountabilityTrigger,
			dec.Key, nil, dec))
	})
	if err == nil {
		*d = dec
	}
	return err
}

// AccountabilityDecisions returns every decision on a trigger, by key.
func (s *Store) AccountabilityDecisions(ctx context.Context) ([]ledger.AccountabilityDecision, error) {
	var out []ledger.AccountabilityDecision
	var d ledger.AccountabilityDecision
	err := scanRows(ctx, s.d.Pool(), `SELECT d.key, d.kind, coalesce(u.name, ''), coalesce(d.commitment_id, 0), d.accepted,
			coalesce(d.record_id, 0), d.reason, d.decided_by, d.decided_at
		FROM accountability_decisions d LEFT JOIN units u ON u.id = d.unit_id ORDER BY `+s.d.Binary("d.key"), nil,
		[]any{&d.Key, &d.Kind, &d.Unit, &d.CommitmentID, &d.Accepted, &d.RecordID, &d.Reason, &d.By, StampDest(&d.At)},
		func() error { out = append(out, d); return nil })
	return out, s.wrap("accountability decisions", err)
}

// AccountabilityRecords returns every version of the records of unit.
func (s *Store) AccountabilityRecords(ctx context.Context, unit string) ([]ledger.AccountabilityRecord, error) {
	q := selectAccountabilityRecord
	var args []any
	if unit = strings.TrimSpace(unit); unit != "" {
		q += ` WHERE u.name = ?`
		args = append(args, unit)
	}
	q += ` ORDER BY coalesce(r.original_id, r.id), r.version`
	var out []ledger.AccountabilityRecord
	var x recordScan
	err := scanRows(ctx, s.d.Pool(), q, args, x.dest(), func() error {
		r, err := x.record()
		out = append(out, r)
		return err
	})
	return out, s.wrap("accountability records", err)
}

// recordVersions returns the versions of the record whose original is id.
func (s *Store) recordVersions(ctx context.Context, q Querier, id int64) ([]ledger.AccountabilityRecord, error) {
	var out []ledger.AccountabilityRecord
	var x recordScan
	err := scanRows(ctx, q, selectAccountabilityRecord+` WHERE (r.id = ? AND r.original_id IS NULL) OR r.original_id = ? ORDER BY r.version`,
		[]any{id, id}, x.dest(), func() error {
			r, err := x.record()
			out = append(out, r)
			return err
		})
	if err == nil && len(out) == 0 {
		err = ledger.Errorf(ledger.ENotFound, "责任追究记录 %d 不存在", id)
	}
	return out, err
}

// AccountabilityRecord returns the versions and statements of a record.
func (s *Store) AccountabilityRecord(ctx context.Context, id int64) ([]ledger.AccountabilityRecord, []ledger.AccountabilityStatement, error) {
	var versions []ledger.AccountabilityRecord
	var statements []ledger.AccountabilityStatement
	err := s.read(ctx, "accountability record", func(tx Tx) error {
		var err error
		if versions, err = s.recordVersions(ctx, tx, id); err != nil {
			return err
		}
		var st ledger.AccountabilityStatement
		return scanRows(ctx, tx, `SELECT s.id, s.record_id, u.name, s.body, s.by_login, s.at
			FROM accountability_statements s JOIN units u ON u.id = s.unit_id WHERE s.record_id = ? ORDER BY s.id`,
			[]any{id}, []any{&st.ID, &st.RecordID, &st.Unit, &st.Body, &st.By, StampDest(&st.At)},
			func() error { statements = append(statements, st); return nil })
	})
	return versions, statements, err
}

// AddStatement adds a unit's 申辩 to a record.
func (s *Store) AddStatement(ctx context.Context, st *ledger.AccountabilityStatement, actor string) error {
	if strings.TrimSpace(st.Body) == "" || strings.TrimSpace(actor) == "" {
		return ledger.Errorf(ledger.EInvalid, "申辩内容和操作人不能为空")
	}
	now := s.Now()
	out := *st
	out.By, out.At = actor, shared.Stamp(now)
	err := s.write(ctx, "add accountability statement", func(tx Tx) error {
		versions, err := s.recordVersions(ctx, tx, out.RecordID)
		if err != nil {
			return err
		}
		if versions[0].Unit != out.Unit {
			return ledger.Errorf(ledger.EInvalid, "只有被追责单位可以申辩")
		}
		unitID, err := unitIDOf(ctx, tx, out.Unit)
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO accountability_statements (record_id, unit_id, body, by_login, at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, out.RecordID, unitID, out.Body, actor, s.d.Stamp(out.At)).Scan(&out.ID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, shared.NewAudit(now, actor, ActionAccountabilityStatement, EntityAccountabilityRecord,
			shared.Ref(out.RecordID), nil, out))
	})
	if err == nil {
		*st = out
	}
	return err
}
