package storetest

import (
	"testing"

	"ducha/ledger"
)

func testGovernments(t *testing.T, s ledger.Store) {
	ctx := t.Context()
	g := must(s.EnsureGovernment(ctx, ledger.Government{Name: "示例区", Level: ledger.LevelCounty}))(t)
	if g.ID <= 0 || g.Name != "示例区" || g.Level != ledger.LevelCounty || g.Parent != "" {
		t.Fatalf("created %+v", g)
	}
	// Idempotent: an empty level or parent keeps the stored one.
	again := must(s.EnsureGovernment(ctx, ledger.Government{Name: "示例区"}))(t)
	diff(t, "ensured again", g, again)

	// A missing parent is created without a level.
	g = must(s.EnsureGovernment(ctx, ledger.Government{Name: "示例区", Parent: "示例市"}))(t)
	if g.ID != again.ID || g.Parent != "示例市" || g.Level != ledger.LevelCounty {
		t.Fatalf("with parent: %+v", g)
	}
	city := must(s.Government(ctx, "示例市"))(t)
	if city.ID <= 0 || city.Level != "" || city.Parent != "" {
		t.Fatalf("created parent %+v", city)
	}
	// A level updates; the parent is kept.
	city = must(s.EnsureGovernment(ctx, ledger.Government{Name: "示例市", Level: ledger.LevelCity, Parent: "示例省"}))(t)
	if city.Level != ledger.LevelCity || city.Parent != "示例省" {
		t.Fatalf("updated city %+v", city)
	}
	city2 := must(s.EnsureGovernment(ctx, ledger.Government{Name: "示例市", Level: ledger.LevelCity}))(t)
	diff(t, "city ensured again", city, city2)
	// A new parent replaces the old one.
	g = must(s.EnsureGovernment(ctx, ledger.Government{Name: "示例区", Parent: "另一市"}))(t)
	if g.Parent != "另一市" || g.Level != ledger.LevelCounty {
		t.Fatalf("moved: %+v", g)
	}
	got := must(s.Government(ctx, "示例区"))(t)
	diff(t, "Government", g, got)
	// Names are trimmed.
	got = must(s.Government(ctx, " 示例区 "))(t)
	diff(t, "Government with spaces", g, got)

	all := must(s.Governments(ctx))(t)
	var names []string
	for _, g := range all {
		names = append(names, g.Name)
	}
	// Byte order of UTF-8: 另 (U+53E6) < 示 (U+793A); 示例区 < 示例市 < 示例省.
	diff(t, "Governments", []string{"另一市", "示例区", "示例市", "示例省"}, names)

	_, err := s.Government(ctx, "无此区")
	wantCode(t, err, ledger.ENotFound)
	if !ledger.IsNotFound(err) {
		t.Fatal("IsNotFound is false")
	}
}

func testGovernmentsInvalid(t *testing.T, s ledger.Store) {
	ctx := t.Context()
	must(s.EnsureGovernment(ctx, ledger.Government{Name: "示例区", Parent: "示例市"}))(t)
	before := must(s.Governments(ctx))(t)
	for _, tt := range []struct {
		name string
		g    ledger.Government
	}{
		{"empty name", ledger.Government{Level: ledger.LevelCounty}},
		{"blank name", ledger.Government{Name: "  "}},
		{"unknown level", ledger.Government{Name: "新区", Level: "村"}},
		{"unknown level with new parent", ledger.Government{Name: "新区", Level: "村", Parent: "新市"}},
		{"own parent", ledger.Government{Name: "示例区", Parent: "示例区"}},
		{"parent below it", ledger.Government{Name: "示例市", Parent: "示例区"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.EnsureGovernment(ctx, tt.g)
			wantCode(t, err, ledger.EInvalid)
			diff(t, "governments after a failed ensure", before, must(s.Governments(ctx))(t))
		})
	}
}
