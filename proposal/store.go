package proposal

import (
	"context"
	"time"
)

// Store keeps the 建议提案. Every method that changes a record appends
// its audit entry (entity "proposal") in the same transaction. It lives
// here rather than in package ledger because its types are this
// package's and this package builds on ledger's states and errors
// (ledger cannot import it back) — as package project does for 重大项目.
type Store interface {
	// ImportProposals adds checked items (state new) all or nothing; an
	// item whose kind, session and number are stored already is refused
	// with a conflict error naming it, and nothing is added. It returns
	// the items with their ids.
	ImportProposals(ctx context.Context, items []Item, actor string) ([]Item, error)
	// Proposals returns the items matching f by kind, then number, with
	// their records.
	Proposals(ctx context.Context, f Filter) ([]Item, error)
	// Proposal returns one item with its records, or a not_found error.
	Proposal(ctx context.Context, id int64) (Item, error)
	// UpdateProposal reads item id locked, calls change (the workflow:
	// Apply) and writes what it returns, with an audit entry of action by
	// actor, in one transaction; an error of change writes nothing.
	// Records are appended only: change may add contacts, replies,
	// follow-ups and feedback, never alter or drop one.
	UpdateProposal(ctx context.Context, id int64, action, actor string, change func(Item) (Item, error)) (Item, error)
	// IssueFeedbackToken stores the hash of a feedback link's token for
	// item id's current round, valid for ttl from now by the store's clock
	// (the clock FeedbackItem checks it by), and invalidates the item's
	// earlier unused tokens (audited, without the hash).
	IssueFeedbackToken(ctx context.Context, id int64, hash string, ttl time.Duration, actor string) error
	// FeedbackItem returns the item a token's hash opens: a not_found
	// error for an unknown, used or expired token (at the store's clock),
	// all alike.
	FeedbackItem(ctx context.Context, hash string) (Item, error)
	// UseFeedbackToken is UpdateProposal through a token: in one
	// transaction it checks the token as FeedbackItem does, marks it used
	// and applies change; a refused change leaves the token unused.
	UseFeedbackToken(ctx context.Context, hash string, change func(Item) (Item, error)) (Item, error)
}

// Filter selects items; zero fields select all.
type Filter struct {
	Kind  Kind
	Unit  string // lead or co-handling unit
	State string
	ID    int64
}
