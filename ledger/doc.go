// Package ledger holds the domain of ducha's commitment ledger: governments,
// reports, commitments with their targets, assignments to units and
// milestones, and the rules on them (deadline phrases, weights, suggested
// lead units). It imports no storage and no HTTP; the store packages
// implement its Store interface.
package ledger
