package sqlstore

import (
	"context"
	"errors"
	"time"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

const selectOrder = `SELECT o.id, o.commitment_id, o.no, coalesce(u.name, ''), o.requirement, o.reply_by, o.issued_by,
	o.issued_at, o.reply, o.replied_at, o.level, o.escalated_at
	FROM supervision_orders o LEFT JOIN units u ON u.id = o.unit_id`

func orderDest(o *ledger.SupervisionOrder) []any {
	return []any{&o.ID, &o.CommitmentID, &o.No, &o.Unit, &o.Requirement, DateDest(&o.ReplyBy), &o.IssuedBy,
		StampDest(&o.IssuedAt), &o.Reply, StampDest(&o.RepliedAt), &o.Level, StampDest(&o.EscalatedAt)}
}

// lockOrder returns order id, locked until the transaction ends, or
// not_found.
func (s *Store) lockOrder(ctx context.Context, tx Querier, id int64) (ledger.SupervisionOrder, error) {
	var o ledger.SupervisionOrder
	err := tx.QueryRow(ctx, selectOrder+` WHERE o.id = ?`+s.d.ForUpdate("o"), id).Scan(orderDest(&o)...)
	if errors.Is(err, ErrNoRows) {
		return o, shared.NoOrder(id)
	}
	return o, err
}

func orders(ctx context.Context, q Querier, query string, args ...any) ([]ledger.SupervisionOrder, error) {
	var o ledger.SupervisionOrder
	return collect(ctx, q, query, args, &o, orderDest(&o)...)
}

// IssueOrder issues a 督办单 on a commitment and sets o's ID, number
// (督办〔year〕n号, counting per year of issue, when none is given),
// issuer (actor when empty), time of issue (now when zero), level (1 when
// zero) and unit (the lead unit when empty).
func (s *Store) IssueOrder(ctx context.Context, o *ledger.SupervisionOrder, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	var no ledger.SupervisionOrder
	err := s.write(ctx, "issue order", func(tx Tx) error {
		var err error
		no, err = s.issueOrder(ctx, tx, *o, actor, s.Now())
		return err
	})
	if err == nil {
		*o = no
	}
	return err
}

func (s *Store) issueOrder(ctx context.Context, tx Querier, o ledger.SupervisionOrder, actor string, now time.Time) (ledger.SupervisionOrder, error) {
	o, year, err := shared.CheckOrder(o, actor, now)
	if err != nil {
		return o, err
	}
	lead, err := commitmentLead(ctx, tx, o.CommitmentID)
	if err != nil {
		return o, err
	}
	if o.Unit == "" {
		o.Unit = lead
	}
	if o.Unit == "" {
		return o, ledger.Errorf(ledger.EInvalid, "督办单须指定责任单位（该事项尚无牵头单位）")
	}
	unit, err := unitRef(ctx, tx, o.Unit)
	if err != nil {
		return o, err
	}
	var noYear, noSeq *int
	if o.No == "" {
		// Orders are numbered one at a time.
		if err := s.d.Lock(ctx, tx, "supervision_orders"); err != nil {
			return o, err
		}
		var seq int
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(no_seq), 0) + 1 FROM supervision_orders WHERE no_year = ?`,
			year).Scan(&seq); err != nil {
			return o, err
		}
		// Skip numbers given by hand.
		for ; ; seq++ {
			var taken bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM supervision_orders WHERE no = ?)`,
				shared.OrderNo(year, seq)).Scan(&taken); err != nil {
				return o, err
			}
			if !taken {
				break
			}
		}
		o.No, noYear, noSeq = shared.OrderNo(year, seq), &year, &seq
	}
	err = tx.QueryRow(ctx, `INSERT INTO supervision_orders (commitment_id, no, no_year, no_seq, unit_id, requirement,
			reply_by, issued_by, issued_at, level) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		o.CommitmentID, o.No, noYear, noSeq, unit, o.Requirement, s.d.Date(o.ReplyBy), o.IssuedBy, s.d.Stamp(o.IssuedAt),
		o.Level).Scan(&o.ID)
	if s.d.IsUnique(err) {
		return o, shared.DuplicateOrderNo(o.No)
	} else if err != nil {
		return o, err
	}
	return o, s.appendAudit(ctx, tx, shared.NewAudit(now, actor, shared.ActionOrderIssue, shared.EntityOrder, shared.Ref(o.ID), nil, o))
}

// ReplyOrder records the unit's reply to a 督办单, once: a second reply,
// or a reply to an escalated order, is a conflict.
func (s *Store) ReplyOrder(ctx context.Context, id int64, reply string, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	return s.write(ctx, "reply order", func(tx Tx) error {
		old, err := s.lockOrder(ctx, tx, id)
		if err != nil {
			return err
		}
		reply, err := shared.CheckReply(old, reply)
		if err != nil {
			return err
		}
		now := s.Now()
		o := old
		o.Reply, o.RepliedAt = reply, shared.Stamp(now)
		if _, err := tx.Exec(ctx, `UPDATE supervision_orders SET reply = ?, replied_at = ? WHERE id = ?`,
			o.Reply, s.d.Stamp(o.RepliedAt), id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, shared.NewAudit(now, actor, shared.ActionOrderReply, shared.EntityOrder, shared.Ref(id), old, o))
	})
}

// Orders returns the 督办单 of a commitment, oldest first; an unknown
// commitment is not_found.
func (s *Store) Orders(ctx context.Context, commitmentID int64) ([]ledger.SupervisionOrder, error) {
	var out []ledger.SupervisionOrder
	err := s.read(ctx, "orders", func(tx Tx) error {
		if _, err := commitmentLead(ctx, tx, commitmentID); err != nil {
			return err
		}
		var err error
		out, err = orders(ctx, tx, selectOrder+` WHERE o.commitment_id = ? ORDER BY o.issued_at, o.id`, commitmentID)
		return err
	})
	return out, err
}

// OpenOrders returns the 督办单 neither replied to nor escalated, the
// earliest reply date first.
func (s *Store) OpenOrders(ctx context.Context) ([]ledger.SupervisionOrder, error) {
	out, err := orders(ctx, s.d.Pool(), selectOrder+` WHERE o.replied_at IS NULL AND o.escalated_at IS NULL
		ORDER BY o.reply_by, o.id`)
	return out, s.wrap("orders", err)
}

// EscalateOrder marks order id escalated and issues next, on the same
// commitment one level higher (to the same unit unless next names
// another), in one transaction; it sets next as IssueOrder does. A
// replied or already escalated order is a conflict.
func (s *Store) EscalateOrder(ctx context.Context, id int64, next *ledger.SupervisionOrder, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	var nn ledger.SupervisionOrder
	err := s.write(ctx, "escalate order", func(tx Tx) error {
		old, err := s.lockOrder(ctx, tx, id)
		if err != nil {
			return err
		}
		if nn, err = shared.CheckEscalation(old, *next); err != nil {
			return err
		}
		now := s.Now()
		if nn, err = s.issueOrder(ctx, tx, nn, actor, now); err != nil {
			return err
		}
		o := old
		o.EscalatedAt = nn.IssuedAt
		if _, err := tx.Exec(ctx, `UPDATE supervision_orders SET escalated_at = ? WHERE id = ?`,
			s.d.Stamp(o.EscalatedAt), id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, shared.NewAudit(now, actor, shared.ActionOrderEscal, shared.EntityOrder, shared.Ref(id), old, o))
	})
	if err == nil {
		*next = nn
	}
	return err
}
