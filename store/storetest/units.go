package storetest

import (
	"slices"
	"strings"
	"testing"

	"ducha/ledger"

	"github.com/google/go-cmp/cmp/cmpopts"
)

// sortedUnits returns units ordered by name, as Units returns them.
func sortedUnits(units []ledger.Unit) []ledger.Unit {
	out := slices.Clone(units)
	slices.SortFunc(out, func(a, b ledger.Unit) int { return strings.Compare(a.Name, b.Name) })
	return out
}

var ignoreUnitID = cmpopts.IgnoreFields(ledger.Unit{}, "ID")

func testUnits(t *testing.T, s ledger.Store) {
	ctx := t.Context()
	if units := must(s.Units(ctx))(t); len(units) != 0 {
		t.Fatalf("new store has units %v", units)
	}
	// The child comes before its parent in the batch.
	created, updated, err := s.SaveUnits(ctx, fixtureUnits())
	if err != nil || created != 5 || updated != 0 {
		t.Fatalf("SaveUnits = %d created, %d updated, %v; want 5, 0", created, updated, err)
	}
	got := must(s.Units(ctx))(t)
	diff(t, "Units", sortedUnits(fixtureUnits()), got, ignoreUnitID)
	for _, u := range got {
		if u.ID <= 0 {
			t.Fatalf("unit %q has no id", u.Name)
		}
	}

	// The same batch again changes nothing.
	created, updated, err = s.SaveUnits(ctx, fixtureUnits())
	if err != nil || created != 0 || updated != 0 {
		t.Fatalf("SaveUnits again = %d, %d, %v; want 0, 0", created, updated, err)
	}
	diff(t, "Units after saving again", got, must(s.Units(ctx))(t))

	// One new unit whose parent is stored, one changed (contact, aliases,
	// parent cleared), one unchanged; names are trimmed.
	batch := []ledger.Unit{
		{Name: " 示例区财政局国库科 ", ShortName: "国库科", Parent: finance},
		{Name: eduBuild, ShortName: "基建科", Aliases: []string{"区教育局基建科"}, Contact: "0931-7654321"},
		{Name: finance, ShortName: "区财政局"},
	}
	created, updated, err = s.SaveUnits(ctx, batch)
	if err != nil || created != 1 || updated != 1 {
		t.Fatalf("SaveUnits changes = %d, %d, %v; want 1, 1", created, updated, err)
	}
	want := fixtureUnits()
	want[0] = ledger.Unit{Name: eduBuild, ShortName: "基建科", Aliases: []string{"区教育局基建科"}, Contact: "0931-7654321"}
	want = append(want, ledger.Unit{Name: "示例区财政局国库科", ShortName: "国库科", Parent: finance})
	got2 := must(s.Units(ctx))(t)
	diff(t, "Units after changes", sortedUnits(want), got2, ignoreUnitID)
	// Ids stay with their units.
	for _, u := range got {
		for _, v := range got2 {
			if u.Name == v.Name && u.ID != v.ID {
				t.Fatalf("unit %q changed id from %d to %d", u.Name, u.ID, v.ID)
			}
		}
	}
}

func testUnitsInvalid(t *testing.T, s ledger.Store) {
	ctx := t.Context()
	if _, _, err := s.SaveUnits(ctx, fixtureUnits()); err != nil {
		t.Fatal(err)
	}
	before := must(s.Units(ctx))(t)
	for _, tt := range []struct {
		name  string
		batch []ledger.Unit
	}{
		{"unknown parent", []ledger.Unit{
			{Name: "示例区民政局", ShortName: "区民政局"},
			{Name: finance, ShortName: "财政", Contact: "changed"},
			{Name: "示例区民政局社会事务科", Parent: "示例区不存在局"},
		}},
		{"empty name", []ledger.Unit{{Name: "示例区民政局"}, {Name: " ", ShortName: "无名"}}},
		{"twice in the batch", []ledger.Unit{{Name: "示例区民政局"}, {Name: "示例区民政局", ShortName: "民政局"}}},
		{"own parent", []ledger.Unit{{Name: "示例区民政局", Parent: "示例区民政局"}}},
		{"parent loop in the batch", []ledger.Unit{{Name: "甲", Parent: "乙"}, {Name: "乙", Parent: "甲"}}},
		{"parent loop with stored units", []ledger.Unit{{Name: edu, Parent: eduBuild}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			created, updated, err := s.SaveUnits(ctx, tt.batch)
			wantCode(t, err, ledger.EInvalid)
			if created != 0 || updated != 0 {
				t.Errorf("failed SaveUnits counted %d created, %d updated", created, updated)
			}
			diff(t, "units after a failed SaveUnits", before, must(s.Units(ctx))(t))
		})
	}
}
