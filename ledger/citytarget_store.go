package ledger

import (
	"context"
	"time"
)

// 市定目标任务: a city's commitment dispatched to its district governments,
// each with its share (package citytarget holds the rules).

// CityShare is one district's share of a city commitment.
type CityShare struct {
	CityCommitmentID int64
	District         string // the district government's name
	Value            string // exact decimal in the city target's unit
	// DistrictCommitmentID is the district's own commitment carrying the
	// share (decomposed to its units as its own commitments), 0 until the
	// district takes it into its ledger.
	DistrictCommitmentID int64
	By                   string
	At                   time.Time
}

// Figure sources: where a district's figure came from.
const (
	FigureFromLedger = "ledger" // the district's approved report in the same ledger
	FigureFromAPI    = "api"    // sent by the district's instance with its token
	FigureFromSheet  = "sheet"  // read from the district's export in the city's layout
)

// CityFigure is a district's figure on its share for a period, with its
// source.
type CityFigure struct {
	CityCommitmentID int64
	District         string
	Period           string // 2024-06, 2024-Q2
	Value            string
	Source           string
	Approved         bool
	By               string
	At               time.Time
}

// CityTargetStore keeps the shares of city commitments and the districts'
// figures on them. Every change appends its audit entry in the same
// transaction.
type CityTargetStore interface {
	// SetShares replaces the districts' shares of a city commitment, all
	// or nothing (the caller checks them against the city's total with
	// citytarget.CheckShares): every district must be a government whose
	// parent is the commitment's government, else nothing changes.
	SetShares(ctx context.Context, cityCommitmentID int64, shares []CityShare, actor string) error
	// Shares returns the shares of a city commitment, by district name.
	Shares(ctx context.Context, cityCommitmentID int64) ([]CityShare, error)
	// RecordFigure records a district's figure for a period (one per
	// district and period: a later one replaces it, audited with both);
	// the district must hold a share.
	RecordFigure(ctx context.Context, f *CityFigure, actor string) error
	// Figures returns the figures on a city commitment, by district then
	// period.
	Figures(ctx context.Context, cityCommitmentID int64) ([]CityFigure, error)
}
