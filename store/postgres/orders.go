package postgres

import (
	"context"
	"errors"
	"time"

	"ducha/ledger"
	"ducha/store/internal/shared"

	"github.com/jackc/pgx/v5"
)

const selectOrder = `SELECT o.id, o.commitment_id, o.no, coalesce(u.name, ''), o.requirement, o.reply_by, o.issued_by,
	o.issued_at, o.reply, o.replied_at, o.level, o.escalated_at
	FROM supervision_orders o LEFT JOIN units u ON u.id = o.unit_id`

func orderDest(o *ledger.SupervisionOrder) []any {
	return []any{&o.ID, &o.CommitmentID, &o.No, &o.Unit, &o.Requirement, dateDest(&o.ReplyBy), &o.IssuedBy,
		stampDest(&o.IssuedAt), &o.Reply, stampDest(&o.RepliedAt), &o.Level, stampDest(&o.EscalatedAt)}
}

// lockOrder returns order id, locked until the transaction ends, or
// not_found.
func lockOrder(ctx context.Context, tx pgx.Tx, id int64) (ledger.SupervisionOrder, error) {
	var o ledger.SupervisionOrder
	err := tx.QueryRow(ctx, selectOrder+` WHERE o.id = $1 FOR UPDATE OF o`, id).Scan(orderDest(&o)...)
	if errors.Is(err, pgx.ErrNoRows) {
		return o, shared.NoOrder(id)
	}
	return o, wrap("order", err)
}

func orders(ctx context.Context, q querier, query string, args ...any) ([]ledger.SupervisionOrder, error) {
	var out []ledger.SupervisionOrder
	var o ledger.SupervisionOrder
	err := scanRows(ctx, q, "orders", query, args, orderDest(&o), func() error {
		out = append(out, o)
		return nil
	})
	return out, err
}

// IssueOrder issues a 督办单 on a commitment and sets o's ID, number
// (督办〔year〕n号, counting per year of issue, when none is given),
// issuer (actor when empty), time of issue (now when zero), level (1 when
// zero) and unit (the lead unit when empty).
func (d *DB) IssueOrder(ctx context.Context, o *ledger.SupervisionOrder, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	var no ledger.SupervisionOrder
	err := d.write(ctx, "issue order", func(tx pgx.Tx) error {
		var err error
		no, err = issueOrder(ctx, tx, *o, actor, d.now())
		return err
	})
	if err != nil {
		return err
	}
	*o = no
	return nil
}

func issueOrder(ctx context.Context, tx pgx.Tx, o ledger.SupervisionOrder, actor string, now time.Time) (ledger.SupervisionOrder, error) {
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
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('ducha order numbers ' || current_schema()))`); err != nil {
			return o, err
		}
		var seq int
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(no_seq), 0) + 1 FROM supervision_orders WHERE no_year = $1`,
			year).Scan(&seq); err != nil {
			return o, err
		}
		// Skip numbers given by hand.
		for ; ; seq++ {
			var taken bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM supervision_orders WHERE no = $1)`,
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
			reply_by, issued_by, issued_at, level) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		o.CommitmentID, o.No, noYear, noSeq, unit, o.Requirement, o.ReplyBy, o.IssuedBy, o.IssuedAt, o.Level).Scan(&o.ID)
	if pgCode(err) == uniqueViolation {
		return o, shared.DuplicateOrderNo(o.No)
	} else if err != nil {
		return o, err
	}
	return o, appendAudit(ctx, tx, shared.NewAudit(now, actor, shared.ActionOrderIssue, shared.EntityOrder, shared.Ref(o.ID), nil, o))
}

// ReplyOrder records the unit's reply to a 督办单, once: a second reply,
// or a reply to an escalated order, is a conflict.
func (d *DB) ReplyOrder(ctx context.Context, id int64, reply string, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	return d.write(ctx, "reply order", func(tx pgx.Tx) error {
		old, err := lockOrder(ctx, tx, id)
		if err != nil {
			return err
		}
		reply, err := shared.CheckReply(old, reply)
		if err != nil {
			return err
		}
		now := d.now()
		o := old
		o.Reply, o.RepliedAt = reply, shared.Stamp(now)
		if _, err := tx.Exec(ctx, `UPDATE supervision_orders SET reply = $1, replied_at = $2 WHERE id = $3`,
			o.Reply, o.RepliedAt, id); err != nil {
			return err
		}
		return appendAudit(ctx, tx, shared.NewAudit(now, actor, shared.ActionOrderReply, shared.EntityOrder, shared.Ref(id), old, o))
	})
}

// Orders returns the 督办单 of a commitment, oldest first; an unknown
// commitment is not_found.
func (d *DB) Orders(ctx context.Context, commitmentID int64) ([]ledger.SupervisionOrder, error) {
	var out []ledger.SupervisionOrder
	err := d.read(ctx, "orders", func(tx pgx.Tx) error {
		if _, err := commitmentLead(ctx, tx, commitmentID); err != nil {
			return err
		}
		var err error
		out, err = orders(ctx, tx, selectOrder+` WHERE o.commitment_id = $1 ORDER BY o.issued_at, o.id`, commitmentID)
		return err
	})
	return out, err
}

// OpenOrders returns the 督办单 neither replied to nor escalated, the
// earliest reply date first.
func (d *DB) OpenOrders(ctx context.Context) ([]ledger.SupervisionOrder, error) {
	return orders(ctx, d.pool, selectOrder+` WHERE o.replied_at IS NULL AND o.escalated_at IS NULL ORDER BY o.reply_by, o.id`)
}

// EscalateOrder marks order id escalated and issues next, on the same
// commitment one level higher (to the same unit unless next names
// another), in one transaction; it sets next as IssueOrder does. A
// replied or already escalated order is a conflict.
func (d *DB) EscalateOrder(ctx context.Context, id int64, next *ledger.SupervisionOrder, actor string) error {
	if err := shared.CheckActor(actor); err != nil {
		return err
	}
	var nn ledger.SupervisionOrder
	err := d.write(ctx, "escalate order", func(tx pgx.Tx) error {
		old, err := lockOrder(ctx, tx, id)
		if err != nil {
			return err
		}
		if nn, err = shared.CheckEscalation(old, *next); err != nil {
			return err
		}
		now := d.now()
		if nn, err = issueOrder(ctx, tx, nn, actor, now); err != nil {
			return err
		}
		o := old
		o.EscalatedAt = nn.IssuedAt
		if _, err := tx.Exec(ctx, `UPDATE supervision_orders SET escalated_at = $1 WHERE id = $2`, o.EscalatedAt, id); err != nil {
			return err
		}
		return appendAudit(ctx, tx, shared.NewAudit(now, actor, shared.ActionOrderEscal, shared.EntityOrder, shared.Ref(id), old, o))
	})
	if err != nil {
		return err
	}
	*next = nn
	return nil
}
