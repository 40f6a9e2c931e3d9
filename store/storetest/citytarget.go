package storetest

import (
	"strings"
	"testing"

	"ducha/ledger"
)

// testCityTargets: a city commitment's shares go to the city's own
// districts only, replace each other as a whole (audited with before and
// after), and the districts' figures are kept by period with their
// source; a district that reported keeps its share.
func testCityTargets(t *testing.T, f *fixture) {
	ctx := t.Context()
	s, ok := f.s.(ledger.CityTargetStore)
	if !ok {
		t.Fatal("the store keeps no 市定目标任务")
	}
	city := must(f.s.EnsureGovernment(ctx, ledger.Government{Name: "示例市", Level: ledger.LevelCity}))(t)
	must(f.s.EnsureGovernment(ctx, ledger.Government{Name: "示例二区", Level: ledger.LevelCounty, Parent: "示例市"}))(t)
	must(f.s.EnsureGovernment(ctx, ledger.Government{Name: "外市某区", Level: ledger.LevelCounty, Parent: "外市"}))(t)
	r := newReport(city.ID, 2024, "city-2024")
	r.Title = "示例市人民政府工作报告"
	jobs := ledger.Commitment{Code: "2024-01", Kind: ledger.KindTarget, Title: "新增城镇就业7万人", Period: 2024,
		Target: &ledger.Target{Indicator: "新增城镇就业", Unit: "万人", Comparator: "ge", Value: "7"}}
	cs := []ledger.Commitment{jobs}
	if err := f.s.SaveReport(ctx, r, cs); err != nil {
		t.Fatal(err)
	}
	cid := cs[0].ID
	if err := s.SetShares(ctx, cid, []ledger.CityShare{{District: f.gov.Name, Value: "4"}, {District: "示例二区", Value: "3"}}, "city.office"); err != nil {
		t.Fatal(err)
	}
	got := must(s.Shares(ctx, cid))(t)
	// By name in code point order: 二 (U+4E8C) before 区 (U+533A).
	if len(got) != 2 || got[0].District != "示例二区" || got[0].Value != "3" || got[1].District != f.gov.Name || got[1].Value != "4" ||
		got[0].By != "city.office" || got[0].At.IsZero() {
		t.Fatalf("shares %+v", got)
	}
	// A district of another city, or a district twice: nothing changes.
	n := f.auditCount(t)
	wantCode(t, s.SetShares(ctx, cid, []ledger.CityShare{{District: f.gov.Name, Value: "5"}, {District: "外市某区", Value: "2"}}, "city.office"),
		ledger.EInvalid)
	wantCode(t, s.SetShares(ctx, cid, []ledger.CityShare{{District: f.gov.Name, Value: "5"}, {District: f.gov.Name, Value: "2"}}, "city.office"),
		ledger.EInvalid)
	diff(t, "shares after refused changes", got, must(s.Shares(ctx, cid))(t))
	if m := f.auditCount(t); m != n {
		t.Errorf("refused changes audited: %d entries", m-n)
	}

	// Figures by period, with their source; a later one replaces it.
	fig := ledger.CityFigure{CityCommitmentID: cid, District: f.gov.Name, Period: "2024-06", Value: "2.1", Source: ledger.FigureFromAPI}
	if err := s.RecordFigure(ctx, &fig, "district.token"); err != nil {
		t.Fatal(err)
	}
	fig.Value, fig.Approved, fig.Source = "2.3", true, ledger.FigureFromSheet
	if err := s.RecordFigure(ctx, &fig, "city.office"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.RecordFigure(ctx, &ledger.CityFigure{CityCommitmentID: cid, District: f.gov.Name, Period: "2024-06", Value: "1",
		Source: "mail"}, "x"), ledger.EInvalid)
	figs := must(s.Figures(ctx, cid))(t)
	if len(figs) != 1 || figs[0].Value != "2.3" || !figs[0].Approved || figs[0].Source != ledger.FigureFromSheet || figs[0].By != "city.office" {
		t.Fatalf("figures %+v", figs)
	}
	e := wantAudit(t, f, "city_target", fmtID(cid), "city.office", "city_target.figure", `"2.1"`, `"2.3"`)
	if !strings.Contains(e.Before, `"api"`) {
		t.Errorf("the replaced figure's source is not audited: %s", e.Before)
	}

	// A district that reported keeps its share; the other may be changed.
	wantCode(t, s.SetShares(ctx, cid, []ledger.CityShare{{District: "示例二区", Value: "7"}}, "city.office"), ledger.EConflict)
	if err := s.SetShares(ctx, cid, []ledger.CityShare{{District: f.gov.Name, Value: "4.5"}, {District: "示例二区", Value: "2.5"}}, "city.office"); err != nil {
		t.Fatal(err)
	}
	wantAudit(t, f, "city_target", fmtID(cid), "city.office", "city_target.shares", `"Value":"4"`, `"Value":"4.5"`)
}
