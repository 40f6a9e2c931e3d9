package importer

import (
	"context"
	"testing"

	"ducha/extract"
	"ducha/ledger"
)

// TestImportGrain: the office chooses the grain at import. At the grain of
// sentences the 2024 sample gives fewer commitments than at the grain of
// clauses — a task's clauses without a figure become one — while every
// quantified target keeps a row of its own.
func TestImportGrain(t *testing.T) {
	ctx := context.Background()
	count := func(g extract.Grain) ReportResult {
		st, _ := openSQLite(t)
		im := &Importer{Store: st}
		res, err := im.ImportReport(ctx, samplePath, ReportOptions{Level: ledger.LevelCounty, Grain: g})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	clause, sentence, paragraph := count(extract.GrainClause), count(extract.GrainSentence), count(extract.GrainParagraph)
	if !(sentence.Commitments < clause.Commitments && paragraph.Commitments <= sentence.Commitments) {
		t.Errorf("commitments: clause %d, sentence %d, paragraph %d", clause.Commitments, sentence.Commitments, paragraph.Commitments)
	}
	if sentence.Quantified != clause.Quantified || paragraph.Quantified != clause.Quantified {
		t.Errorf("quantified targets: clause %d, sentence %d, paragraph %d", clause.Quantified, sentence.Quantified, paragraph.Quantified)
	}
}
